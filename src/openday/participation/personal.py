"""The public's personal data at the edges: phone numbers read and masked, names masked,
confirmation codes and cancel tokens made.

Pure functions, no database.
"""

import hashlib
import re
import secrets
import unicodedata

# Mainland mobile numbers: 11 digits starting 13–19.
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-－—()（）]")
# A confirmation code is read aloud and typed at the door: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8


def normalize_phone(text: str) -> str:
    """``text`` as digits only: full-width digits become ASCII, spaces, hyphens and
    brackets go; a leading +86 / 86 country code is dropped."""
    value = unicodedata.normalize("NFKC", text or "")
    value = _SEPARATORS.sub("", value)
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    return value


def phone_problem(text: str) -> str | None:
    """Why ``text`` is not a mainland mobile number, or None."""
    value = normalize_phone(text)
    if not value:
        return "请填写手机号码。"
    if not value.isdigit():
        return "手机号码只能包含数字。"
    if len(value) != 11:
        return f"手机号码应为 11 位数字，收到 {len(value)} 位。"
    if not _MOBILE.fullmatch(value):
        return "手机号码应以 13–19 开头，请核对。"
    return None


def mask_phone(phone: str) -> str:
    """138****1234; a value too short to mask shows as stars."""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_name(name: str) -> str:
    """张*, 欧阳** : the first character only."""
    return f"{name[:1]}{'*' * (len(name) - 1)}" if name else ""


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else ""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A code as typed: case, blanks and hyphens do not matter."""
    value = unicodedata.normalize("NFKC", text or "").upper()
    return re.sub(r"[\s\-]", "", value)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
