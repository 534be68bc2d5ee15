"""The frozen app's entry point: the same `casebook` command as the installed package."""

import sys

from ui.launch import main

if __name__ == "__main__":
    sys.exit(main())
