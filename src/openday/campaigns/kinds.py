"""Free-text activity forms → canonical kinds.

Documents write forms as names ("座谈交流"), near-names ("现场交流", "调查问卷") or whole
sentences ("律师事务所进中小微企业开展法律服务座谈交流"). The first line of ``_RULES`` whose
keyword occurs in the text decides; exact names come first, then looser words, so the most
specific evidence wins.
"""

from openday.campaigns.enums import FormKind

_RULES: list[tuple[tuple[str, ...], FormKind]] = [
    (("实地调研",), FormKind.FIELD_RESEARCH),
    (("现场观摩",), FormKind.SITE_VISIT),
    (("座谈交流",), FormKind.DISCUSSION),
    (("政策发布",), FormKind.POLICY_RELEASE),
    (("问卷调查", "调查问卷", "调查征集", "走访调查", "意见征集", "问卷"), FormKind.SURVEY),
    (("政策宣传", "现场宣讲", "政策宣讲"), FormKind.PUBLICITY),
    (("座谈", "恳谈", "交流", "沙龙", "会议", "面对面", "洽谈"), FormKind.DISCUSSION),
    (("调研", "走访"), FormKind.FIELD_RESEARCH),
    (("观摩", "体验"), FormKind.SITE_VISIT),
    (("发布", "公示", "解读"), FormKind.POLICY_RELEASE),
    (("调查", "征集", "回访", "满意度"), FormKind.SURVEY),
    (("宣传", "宣讲", "推广", "培训", "直播", "竞赛"), FormKind.PUBLICITY),
]


def kind_of(text: str, vocabulary: dict[str, str] | None = None) -> FormKind:
    """The canonical kind of a form text; ``vocabulary`` (name → kind) of the campaign first."""
    text = text.strip()
    if vocabulary and text in vocabulary:
        return FormKind(vocabulary[text])
    if text.startswith("其他"):
        return FormKind.OTHER
    for keywords, kind in _RULES:
        if any(word in text for word in keywords):
            return kind
    return FormKind.OTHER
