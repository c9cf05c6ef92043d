from django.db import models


class DeclarationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已采纳"


_S = DeclarationState

# (from, to) → the action's name, used in the audit log. The only place transitions are defined.
TRANSITIONS: dict[tuple[str, str], str] = {
    (_S.DRAFT, _S.SUBMITTED): "submit",
    (_S.RETURNED, _S.SUBMITTED): "submit",
    (_S.SUBMITTED, _S.ACCEPTED): "accept",
    (_S.SUBMITTED, _S.RETURNED): "return",
    # The office may reopen an accepted declaration until the plan is published.
    (_S.ACCEPTED, _S.RETURNED): "return",
}

ACTION_LABELS = {"submit": "提交", "accept": "采纳", "return": "退回"}

# States in which the unit may still change its declaration.
EDITABLE_STATES = frozenset({_S.DRAFT, _S.RETURNED})

# Why a transition is refused: (from, action) → message; other pairs use the general wording.
_REFUSALS = {
    (_S.SUBMITTED, "submit"): "该申报已提交，等待审核，不能重复提交。",
    (_S.ACCEPTED, "submit"): "该申报已采纳，不能再提交。",
    (_S.ACCEPTED, "accept"): "该申报已采纳。",
    (_S.RETURNED, "return"): "该申报已退回。",
    (_S.RETURNED, "accept"): "该申报已退回单位修改，不能采纳。",
}
_STATE_PHRASES = {_S.DRAFT: "尚未提交", _S.SUBMITTED: "已提交", _S.RETURNED: "已退回"}


def refusal(state: str, action: str) -> str:
    return _REFUSALS.get(
        (state, action), f"该申报{_STATE_PHRASES.get(state, '')}，不能{ACTION_LABELS[action]}。"
    )
