"""What the workdays commands share: Chinese messages for bad arguments and a missing table."""

import re
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from openday.core.errors import DomainError

_YEAR = re.compile(r"\d{4}")


def parse_year(text: str) -> int:
    if not _YEAR.fullmatch(text.strip()) or int(text) < 1:
        raise CommandError(_("年份“%(value)s”无效，应为四位数字，如 2027。") % {"value": text})
    return int(text)


@contextmanager
def domain_errors_as_command_errors():
    """Domain refusals and an unreadable database become one Chinese line, not a traceback."""
    try:
        yield
    except DomainError as exc:
        raise CommandError(exc.message) from exc
    except DatabaseError as exc:
        raise CommandError(
            _("无法读取节假日安排（是否已运行 openday migrate？）：%(reason)s") % {"reason": exc}
        ) from exc
