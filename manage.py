#!/usr/bin/env python
"""Django's command-line utility; `zugong` (zugong/cli.py) is the same with hyphenated names."""

from zugong.cli import main

if __name__ == "__main__":
    main()
