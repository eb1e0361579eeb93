"""The `zugong` command: Django's manage.py, with hyphenated command names (`zugong audit-verify`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "zugong"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        if argv[1] == "help" and len(argv) > 2 and not argv[2].startswith("-"):
            argv[2] = argv[2].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
