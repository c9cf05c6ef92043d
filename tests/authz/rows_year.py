"""Matrix rows of the year: publish, close, copy a campaign (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``.
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row  # noqa: F401

# fmt: off
ROWS: dict[str, list[Row]] = {
}
# fmt: on
