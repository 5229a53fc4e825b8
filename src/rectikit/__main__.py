"""``python -m rectikit``."""

from rectikit.cli import main

raise SystemExit(main())
