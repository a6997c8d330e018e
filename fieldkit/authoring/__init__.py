"""Tools for the specialists who keep the guidance right: graphs, diffs, the review trail and
the JSON Schema.

Plain Python (no Qt): the command line, the tests and the app's author mode share them.
"""
