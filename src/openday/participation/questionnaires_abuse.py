"""Keeping questionnaires to one answer per person, without a picture CAPTCHA.

- The browser's token (a signed cookie the public form sets) and, when the office asks for
  it, the checked phone number are kept on the answer only as ``person_digest``: an HMAC
  under ``SECRET_KEY``, keyed with the questionnaire, so a stored answer holds no phone
  number and the same person cannot be followed from one questionnaire to the next.
- Rate limits (``participation.abuse``'s counters in the shared cache): answers per address,
  one-time codes per phone and per address, invitation-code guesses per address.
- A questionnaire of 50 questions with text answers is larger than the other public forms:
  ``check_answer_body`` has its own bound (``MAX_ANSWER_BODY_BYTES``).
"""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest

from openday.participation.abuse import BadSubmission, Limit

MAX_ANSWER_BODY_BYTES = 256 * 1024

# A school or an office shares one address: generous for people, tight for scripts.
ANSWER_PER_ADDRESS = Limit("answer-addr", 30, 3600, "本网络地址")
CODE_PER_PHONE = Limit("qcode-phone", 3, 3600, "该手机号码")
CODE_PER_ADDRESS = Limit("qcode-addr", 10, 3600, "本网络地址")
INVITATION_PER_ADDRESS = Limit("invite-addr", 20, 3600, "本网络地址")


def person_digest(questionnaire_id: int, kind: str, value: str) -> str:
    """``value`` (a token, a phone) as the answer keeps it: 64 hex characters."""
    message = f"openday.questionnaire:{questionnaire_id}:{kind}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def check_answer_body(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_ANSWER_BODY_BYTES:
        raise BadSubmission(
            f"提交的内容过大（{length // 1024} KB），问卷最多接受 "
            f"{MAX_ANSWER_BODY_BYTES // 1024} KB。请删减填空题的内容后重新提交。"
        )
