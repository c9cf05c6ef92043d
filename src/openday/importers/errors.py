from openday.core.errors import DomainError


class PlanFileError(DomainError):
    """A plan document cannot be imported; ``message`` names the file and, where known, the row."""
