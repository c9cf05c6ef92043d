"""The vocabulary of the role × URL matrix: outcomes, rows and their order of roles.

The matrix itself is ``test_matrix.MATRIX``, gathered from the area modules beside it
(``rows_*.py``): each area's new pages add their rows in their own module.
"""

import dataclasses
from collections.abc import Callable

from tests.authz.world import ROLES, World

LOGIN = "login"

Outcome = int | str


def row(*outcomes: Outcome) -> dict[str, Outcome]:
    """One line of the table: outcomes in the order of ``ROLES`` (see the header below)."""
    return dict(zip(ROLES, outcomes, strict=True))


NOT_ALLOWED = row(*[405] * len(ROLES))


@dataclasses.dataclass(frozen=True)
class Row:
    variant: str
    kwargs: Callable[[World], dict]
    GET: dict[str, Outcome]
    POST: dict[str, Outcome]
    # The POST's body; empty unless the row is about what a form post may reach.
    data: Callable[[World], dict] = lambda w: {}
