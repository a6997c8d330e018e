"""The frozen app's entry point: the same `fieldkit` command line as the installed package.

PyInstaller needs a script, not a console-scripts entry; this one only hands over to
`fieldkit.cli.main`, so the packaged app and `.venv/bin/fieldkit` can never drift apart.
"""

import sys

from fieldkit.stop import run  # handles Ctrl-C before the command line is imported

if __name__ == "__main__":
    sys.exit(run())
