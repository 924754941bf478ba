"""Command line: ``python -m tests.emulator {start,stop,serve}`` (run from the repository root)."""

import sys

from .cli import main

sys.exit(main())
