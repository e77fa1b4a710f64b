"""``python -m pyjit``: same as the ``pyjit`` console script."""

from pyjit.cli import main

raise SystemExit(main())
