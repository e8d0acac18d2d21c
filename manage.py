#!/usr/bin/env python
import os
import sys

# Commands that only read the code and write files for developers: they need no secret and serve nothing, so with
# nothing set they run in development mode instead of stopping at production's "SECRET_KEY must be set" (which
# Django would report as "Models aren't loaded yet"). Every other command keeps production's refusal.
CODE_ONLY_COMMANDS = {"makemigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobtracker.settings")
    if sys.argv[1:2] and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
