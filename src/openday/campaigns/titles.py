"""Years named in titles: a campaign's titles follow its year, whatever document they came from
("天心区2023年…活动计划表" imported into 2027 reads "天心区2027年…")."""

import re

# A year as titles write it: "2023年", "2023 年" (not part of a longer number).
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")


def years_named(text: str) -> list[int]:
    """The years ``text`` names ("天心区2023年…" → [2023]), in order, each once."""
    return list(dict.fromkeys(int(y) for y in _YEAR_IN_TEXT.findall(text or "")))


def retitle_year(text: str, year: int) -> str:
    """``text`` with every year it names made ``year``."""
    return _YEAR_IN_TEXT.sub(str(year), text or "")
