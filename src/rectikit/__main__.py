"""``python -m rectikit``.

``python -m`` puts the current folder first on the module path; when that folder is a
dataset, a file in it (``openpyxl.py``, a module a config names) would be imported
instead of the installed one. rectikit never runs code from a data folder, so the
current folder is taken off the path before anything else is imported.
"""

import os
import sys

if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from rectikit.cli import main

raise SystemExit(main())
