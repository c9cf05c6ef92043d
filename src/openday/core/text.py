"""Text hygiene at the boundary: what may be typed, what an import keeps, what a file carries.

Neutral helpers, used by forms (refuse), importers (strip and warn) and writers (strip, so no
stored value can break a download):

- ``control_chars(text)``: the control characters in ``text`` that no field accepts (tab and
  line breaks are fine where a field allows several lines).
- ``strip_controls(text, multiline=...)``: ``text`` without them.
- ``one_line(text)``: a title or a header value: line breaks become spaces, controls go.
- ``looks_like_formula(text)``: whether a spreadsheet would take ``text`` for a formula.
- ``csv_cell(value)``: a cell a spreadsheet never runs as a formula (OWASP CSV injection).
"""

import re

# C0 controls except TAB/LF/CR, DEL, C1 controls, the Unicode line/paragraph separators and
# BOM/zero-width no-break space that XML writers and spreadsheets choke on, the two
# noncharacters XML forbids, and lone surrogates (no file format can encode them).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
)
_BREAKS = re.compile(r"[\t\r\n]+")
# OWASP: a cell starting with one of these (after leading blanks) is a formula in Excel,
# LibreOffice or Google Sheets; TAB and CR at the start hide one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet may skip before reading a cell's first character: blanks, and the line
# breaks a CR becomes once stripped, so "\r=cmd" or " \n@SUM" is caught too.
_LEADING_BLANKS = " \t\r\n\u3000\xa0"


def control_chars(text: str, *, multiline: bool = False) -> list[str]:
    """The distinct disallowed characters of ``text``, in order of appearance; with
    ``multiline`` False, tabs and line breaks count as disallowed too."""
    found: dict[str, None] = {}
    for ch in _CONTROLS.findall(text or ""):
        found.setdefault(ch)
    if not multiline:
        for ch in _BREAKS.findall(text or ""):
            for single in ch:
                found.setdefault(single)
    return list(found)


def char_label(ch: str) -> str:
    """How a message names an invisible character: "U+000B"."""
    return f"U+{ord(ch):04X}"


def strip_controls(text: str, *, multiline: bool = True) -> str:
    """``text`` without disallowed characters; CRLF/CR become LF. With ``multiline`` False,
    line breaks and tabs also become single spaces."""
    if not text:
        return text or ""
    text = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not multiline:
        text = _BREAKS.sub(" ", text)
    return text


def one_line(text: str) -> str:
    """A title, a subject or a header value: no controls, no line breaks, trimmed."""
    return strip_controls(text, multiline=False).strip()


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula: it starts with ``= + - @``,
    possibly after blanks or line breaks, or with a tab or CR (OWASP CSV injection)."""
    return bool(text) and (
        text.startswith(_FORMULA_START) or text.lstrip(_LEADING_BLANKS).startswith(_FORMULA_START)
    )


def csv_cell(value) -> str:
    """``value`` as CSV text that no spreadsheet evaluates: a leading ``= + - @`` (after
    blanks), tab or CR gets a single quote in front, per the OWASP CSV-injection guidance."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


# Mobile numbers (13812345678, 138-1234-5678, +86 138 1234 5678) and landlines with an area
# code (0731-85123456): what a liaison may type into a report's text by habit.
_PHONE = re.compile(
    r"(?<![\d])(?:(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}|0\d{2,3}[\s-]?\d{7,8})(?![\d])"
)


def mask_phone(number: str) -> str:
    """One phone number as the public sees it: 138****5678."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def mask_phones(text: str) -> str:
    """Phone numbers in free text, masked: the public pages, feeds and the evidence pack
    never show one in full."""
    return _PHONE.sub(lambda match: mask_phone(match.group()), text or "")
