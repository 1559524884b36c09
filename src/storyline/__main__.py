"""`python -m storyline ...`: the same entry point as the `storyline` command."""

import sys

from storyline.cli import main

if __name__ == "__main__":
    sys.exit(main())
