"""Logging helpers the settings name in ``LOGGING``.

Django logs every 4xx answer on ``django.request`` as a warning and attaches the exception
that caused it, so an ordinary refusal (a 403 from ``PermissionDenied``, a 404) printed a full
traceback. A refusal is the app working: one line says what and where; 5xx keep theirs.
"""

import logging


class RefusalWithoutTraceback(logging.Filter):
    """Drop the traceback of a record about a 4xx response; keep everything else as it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
