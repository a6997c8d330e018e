"""Allows `python -m fieldkit`: Ctrl-C is handled before the command line is even imported."""

import sys

from fieldkit.stop import run

sys.exit(run())
