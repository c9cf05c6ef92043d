"""Domain errors: raised by services, turned into form errors or CLI messages by callers."""


class DomainError(Exception):
    """A rule of the domain refused the request. ``message`` is Chinese and shown to users."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(DomainError):
    pass
