"""The frozen app's entry point: the same `fieldkit` command line as the installed package.

PyInstaller needs a script, not a console-scripts entry; this one only hands over to
`fieldkit.cli.main`, so the packaged app and `.venv/bin/fieldkit` can never drift apart.
"""

import sys

from fieldkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
