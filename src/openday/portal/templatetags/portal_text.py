"""Filters of the public pages."""

import re

from django import template

register = template.Library()

# Mobile numbers (13812345678, 138-1234-5678, +86 138 1234 5678) and landlines with an area
# code (0731-85123456): what a liaison may type into a report's text by habit.
_PHONE = re.compile(
    r"(?<![\d])(?:(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}|0\d{2,3}[\s-]?\d{7,8})(?![\d])"
)


def mask_phone(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


@register.filter
def mask_phones(text: str) -> str:
    """Phone numbers in free text, masked: the public pages never show one in full."""
    return _PHONE.sub(lambda match: mask_phone(match.group()), text or "")
