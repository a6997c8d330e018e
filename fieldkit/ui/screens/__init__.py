"""The officer's screens (home, guides, scripts, signposts, checklists, exhibits, talks) and the
panels they are built from."""
