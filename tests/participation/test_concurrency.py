"""Concurrent sign-ups against PostgreSQL: the lock on the activity's settings row counts
them one after another, so confirmed people never exceed the capacity nor the waiting list
its size, and every accepted sign-up is stored once. (SQLite serialises writers anyway: the
same rules are tested in ``test_signups``.)"""

import threading

import pytest
from django.db import connection, connections

from openday.core.errors import DomainError
from openday.participation.enums import SignupState
from openday.participation.models import Signup
from openday.participation.services import SignupInput, signup_create
from tests.participation.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_sign_ups_never_exceed_capacity(place):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    start = threading.Barrier(12)
    accepted, refused = [], []

    def one(n: int) -> None:
        try:
            start.wait()
            result = signup_create(
                activity=place.activity_1,
                data=SignupInput(f"市民{n}", f"1380000{n:04d}", "public", 1),
                now=NOW,
            )
            accepted.append(result.signup.pk)
        except DomainError:
            refused.append(n)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    states = list(Signup.objects.values_list("state", flat=True))
    assert states.count(SignupState.CONFIRMED) == 3
    assert states.count(SignupState.WAITLISTED) == 2
    assert len(accepted) == 5 == len(set(accepted))
    assert len(refused) == 7
