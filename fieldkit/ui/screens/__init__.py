"""The officer's screens (home, guides, scripts, signposts, checklists, exhibits, talks) and the
panels they are built from. Each screen derives from `base.Screen` and is given the session, the
content and a `Navigator` (fieldkit/ui/navigator.py), never the main window."""
