"""The phone check of a questionnaire: a one-time code sent by SMS, and who sends it.

Participation sits below ``reminders`` (which owns the SMS webhook channel) and never imports
it. A sender registers itself here from its ``AppConfig.ready`` (``on_phone_code``), the way
``orgs.services.on_unit_merge`` takes handlers; ``phone_code_issue`` hands it the message. No
sender registered, or every sender failing, is a refusal the person reads ("短信发送失败").

The code lives in the shared cache only, as its digest, for ``CODE_SECONDS``, with the number
of wrong tries: past ``MAX_TRIES`` it is void and a new one must be asked for. It is consumed
once an answer is stored (``phone_code_consume``); a second answer with the same phone is
refused by the answer's unique digest anyway. Nothing of it reaches the audit log.
"""

import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

from openday.core.errors import DomainError
from openday.participation.questionnaires_abuse import person_digest

logger = logging.getLogger(__name__)

CODE_SECONDS = 600
MAX_TRIES = 5
CODE_DIGITS = 6


@dataclass(frozen=True)
class PhoneCodeMessage:
    """What a sender sends: to ``phone``, the ``text``; ``region_id`` picks the office's SMS
    gateway; ``occasion`` is unique per code (a gateway may drop repeats of one)."""

    region_id: int
    phone: str
    text: str
    occasion: str


# ``sender(message)`` returns True once the gateway took the message.
PhoneCodeSender = Callable[[PhoneCodeMessage], bool]
_senders: list[PhoneCodeSender] = []


def on_phone_code(sender: PhoneCodeSender) -> None:
    """Register ``sender`` (from ``AppConfig.ready``; registering twice keeps one)."""
    if sender not in _senders:
        _senders.append(sender)


def phone_code_senders() -> tuple[PhoneCodeSender, ...]:
    return tuple(_senders)


def _key(questionnaire_id: int, phone: str) -> str:
    return f"participation:qcode:{person_digest(questionnaire_id, 'code-key', phone)[:40]}"


def phone_code_issue(*, questionnaire, phone: str) -> None:
    """Make a fresh code for ``phone`` (normalised) and send it; a refusal says why."""
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    message = PhoneCodeMessage(
        region_id=questionnaire.campaign.region_id,
        phone=phone,
        text=(
            f"【政务公开主题日】您正在填写问卷“{questionnaire.title[:30]}”，验证码 {code}，"
            f"{CODE_SECONDS // 60} 分钟内有效。如非本人操作，请忽略本短信。"
        ),
        occasion=f"questionnaire-code:{questionnaire.pk}:{secrets.token_hex(8)}",
    )
    sent = False
    for sender in phone_code_senders():
        try:
            sent = bool(sender(message)) or sent
        except Exception:  # a sender's failure is a refusal here, never a 500
            logger.exception("phone code sender %r failed", sender)
    if not sent:
        raise DomainError(
            "验证码短信发送失败，请稍后再试；如多次失败，请拨打活动预告中的咨询电话。",
            field="phone",
        )
    cache.set(
        _key(questionnaire.pk, phone),
        {"digest": person_digest(questionnaire.pk, "code", code), "tries": 0},
        timeout=CODE_SECONDS,
    )


def phone_code_check(*, questionnaire, phone: str, code: str) -> str | None:
    """None when ``code`` is the live code of ``phone``, else why not (a wrong try counts)."""
    key = _key(questionnaire.pk, phone)
    entry = cache.get(key)
    if entry is None:
        return "验证码已失效或尚未获取，请点击“获取验证码”。"
    if entry["tries"] >= MAX_TRIES:
        return "验证码输错次数过多，已失效，请重新获取。"
    expected = entry["digest"]
    if hmac.compare_digest(expected, person_digest(questionnaire.pk, "code", code.strip())):
        return None
    entry["tries"] += 1
    cache.set(key, entry, timeout=CODE_SECONDS)
    return f"验证码不正确，还可以再试 {MAX_TRIES - entry['tries']} 次。"


def phone_code_consume(*, questionnaire, phone: str) -> None:
    cache.delete(_key(questionnaire.pk, phone))
