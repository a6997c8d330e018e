"""The frozen app's first runtime hook: the garbage collector pauses for start-up.

PyInstaller's own hooks, which run before FieldKit's entry point, already import PySide6 (to
place Qt's files); the collector would otherwise run all through that import, which from
source happens after `fieldkit.cli.main` has paused it. `main` then pauses it too and gives it
back: before a command runs, or for the app after its first paint.
"""

import gc

gc.disable()
