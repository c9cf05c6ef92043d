def months_label(start: int | None, end: int | None) -> str:
    """ "3月", "5-6月", or "待定" where the document gives no month."""
    if start is None:
        return "待定"
    if end is not None and end != start:
        return f"{start}-{end}月"
    return f"{start}月"
