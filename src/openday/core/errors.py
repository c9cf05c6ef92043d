"""Domain errors: raised by services, turned into form errors or CLI messages by callers."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied


class DomainError(Exception):
    """A rule of the domain refused the request. ``message`` is Chinese and shown to users."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class DomainErrors(DomainError):
    """Several problems found at once (a form's worth); ``errors`` keeps each with the field it
    concerns, which ``core.forms.add_domain_error`` puts on the form one by one."""

    def __init__(self, errors: list[DomainError]):
        super().__init__("".join(error.message for error in errors))
        self.errors = errors

    @classmethod
    def of(cls, errors: list[DomainError]) -> DomainError:
        """One problem as itself, several together."""
        return errors[0] if len(errors) == 1 else cls(errors)


class PermissionDenied(DomainError, DjangoPermissionDenied):
    """The actor may not do this. Also Django's own, so a view that lets it through answers
    403 with the Chinese message, and no view translates it by hand."""
