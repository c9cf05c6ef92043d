"""The ``openday`` console script: Django's management commands under one name.

``openday import-plan FILE`` runs the ``import_plan`` command; hyphens and underscores are
interchangeable so the documented spelling reads naturally.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openday.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "openday"
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    if argv[1:] not in ([], ["help"], ["--help"], ["-h"], ["version"], ["--version"]):
        # A refused configuration (production without SECRET_KEY …) is its message and exit
        # status 2, not a traceback; plain help still lists Django's own commands.
        try:
            _ = settings.SECRET_KEY
        except ImproperlyConfigured as error:
            sys.stderr.write(f"openday: {error}\n")
            raise SystemExit(2) from None
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
