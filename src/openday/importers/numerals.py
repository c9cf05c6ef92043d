"""Numbers as Chinese documents write them: digits, 三, 十五, 一百零五, 二〇二四."""

_VALUES = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_VALUES |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def to_number(token: str) -> int:
    """ "5" → 5, "三" → 3, "十五" → 15, "一百零五" → 105, "二〇二四" → 2024."""
    if token.isdigit():
        return int(token)
    if len(token) > 1 and all(ch in _VALUES for ch in token):
        return int("".join(str(_VALUES[ch]) for ch in token))
    total, current = 0, 0
    for ch in token:
        if ch == "十":
            total, current = total + (current or 1) * 10, 0
        elif ch == "百":
            total, current = total + (current or 1) * 100, 0
        else:
            current = _VALUES[ch]
    return total + current
