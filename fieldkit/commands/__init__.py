"""Subcommands of `fieldkit`: each module here adds its own with `register(subparsers)`."""
