"""Start the eduqa web chat: `python app.py` (see `eduqa serve --help` for options)."""

import sys

from eduqa.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
