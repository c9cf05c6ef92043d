"""Login throttling behind reverse proxies: django-axes' client address and its limits.

django-axes counts failed logins by the client's address. Behind the documented reverse
proxy every request connects from the proxy, so ``client_address`` (axes'
``AXES_CLIENT_IP_CALLABLE``) reads the address the trusted proxies saw instead, and
``LoginThrottle`` (axes' ``AXES_HANDLER``) gives each entry of ``AXES_LOCKOUT_PARAMETERS``
its own limit, where axes has one limit for all of them.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The client's address, with ``OPENDAY_TRUSTED_PROXY_COUNT`` proxies in front.

    Each proxy appends the address it was connected from to X-Forwarded-For, so with N
    trusted proxies the client is the N-th entry from the right; what a client wrote further
    left is its own claim and never read. With no proxy, or a header that is missing or not
    an address, it is the connecting address (REMOTE_ADDR).
    """
    connecting = request.META.get("REMOTE_ADDR")
    count = settings.OPENDAY_TRUSTED_PROXY_COUNT
    if count <= 0:
        return connecting
    forwarded = [
        item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()
    ]
    if not forwarded:
        return connecting
    # Fewer entries than proxies: the request passed fewer proxies; the furthest one is the
    # best knowledge there is.
    seen = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    return _address(seen) or connecting


def lockout_limits() -> list[int]:
    """The failure limit of each entry of ``AXES_LOCKOUT_PARAMETERS``, in its order."""
    limits = {
        ("ip_address", "username"): settings.AXES_FAILURE_LIMIT,
        ("username",): settings.AXES_USERNAME_FAILURE_LIMIT,
        ("ip_address",): settings.AXES_ADDRESS_FAILURE_LIMIT,
    }
    return [
        limits[tuple(sorted([entry] if isinstance(entry, str) else entry))]
        for entry in settings.AXES_LOCKOUT_PARAMETERS
    ]


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler, with a limit per lockout parameter.

    axes locks when ``get_failures`` reaches ``AXES_FAILURE_LIMIT``. This returns the
    failures of the username from this address, or the limit itself once the username (from
    every address) or the address (for every username) has reached its own limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        limit = settings.AXES_FAILURE_LIMIT
        for count, own_limit in zip(counts, lockout_limits(), strict=True):
            if count >= own_limit:
                return max(count, limit)
        # The first entry is the pair; below every limit its count is what the user sees.
        return min(counts[0], limit - 1) if counts else 0

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A login that succeeds clears that username's failures from that address only.

        axes would clear every entry's rows: all failures from the address (so one valid
        account would reset the count of an address trying other usernames) and all failures
        of the username elsewhere (so each login of its owner would give an attacker spread
        over many addresses a fresh allowance).
        """
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count
