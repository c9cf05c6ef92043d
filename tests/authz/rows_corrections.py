"""Matrix rows of review of notices, withdrawals, corrections, photos, 督办 (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``.
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row  # noqa: F401

# fmt: off
ROWS: dict[str, list[Row]] = {
}
# fmt: on
