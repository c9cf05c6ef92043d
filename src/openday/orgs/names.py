"""Unit names as documents write them: normalising for matching, kinds, and group hosts.

Pure functions (no database): the importer and the registry services share them so that a
name matches the same unit wherever it comes from.
"""

import re
import unicodedata

from openday.orgs.enums import UnitGroup, UnitKind

_SPACE = re.compile(r"\s+")

# Group hosts: "各街道办事处" stands for every street of the region.
_GROUPS: list[tuple[re.Pattern[str], UnitGroup]] = [
    (re.compile(r"^各(乡镇|镇)[（(]?街道[)）]?(办事处)?$"), UnitGroup.ALL_TOWNS_AND_STREETS),
    (re.compile(r"^各(乡|镇|乡镇|乡、镇)(人民政府)?$"), UnitGroup.ALL_TOWNS),
    (re.compile(r"^各街道(办事处)?$"), UnitGroup.ALL_STREETS),
    (re.compile(r"^[区县市]?直?各(相关)?(部门|单位)$"), UnitGroup.ALL_DEPARTMENTS),
    (re.compile(r"^各(相关)?单位$"), UnitGroup.ALL_UNITS),
]

# Endings that make a text read as a whole unit name.
UNIT_SUFFIXES = (
    "局",
    "办",
    "委",
    "会",
    "院",
    "中心",
    "所",
    "队",
    "处",
    "站",
    "馆",
    "社",
    "部",
    "街道",
    "镇",
    "乡",
    "政府",
    "公司",
    "协会",
    "联",
    "团",
    "厂",
    "园",
    "区",
    "室",
    "组",
)


def clean_text(text: str) -> str:
    """NFKC-free tidy-up: unify spaces, drop zero-width characters, collapse runs of space."""
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _SPACE.sub(" ", text).strip()


def group_of(name: str) -> UnitGroup | None:
    compact = clean_text(name).replace(" ", "")
    for pattern, group in _GROUPS:
        if pattern.match(compact):
            return group
    return None


def unit_kind_of(name: str) -> str:
    compact = clean_text(name).replace(" ", "")
    base = compact.removesuffix("人民政府").removesuffix("办事处")
    if base.endswith("街道"):
        return UnitKind.STREET
    if base.endswith("镇"):
        return UnitKind.TOWN
    if base.endswith("乡"):
        return UnitKind.TOWNSHIP
    if base.endswith(("公司", "协会", "联合会", "商会")):
        return UnitKind.OTHER
    return UnitKind.DEPARTMENT


def looks_like_unit(text: str) -> bool:
    return clean_text(text).replace(" ", "").endswith(UNIT_SUFFIXES)


def _prefix_is_word(key: str) -> bool:
    """True where the leading 区/县/市 belongs to a word ("市场监管局", "区委宣传部")."""
    return key[1] == "委" or (key[0] == "市" and key[1] in "场政容民级属辖")


def unit_key(name: str, region_names: tuple[str, ...] = ()) -> str:
    """The matching key of a unit name within a region.

    "区人力资源社会保障局", "天心区人力资源和社会保障局" and "人力资源和社会保障局" share one key;
    "罗市镇人民政府" and "罗市镇" share one; "城南路街道办事处" and "城南路街道" share one.
    """
    key = clean_text(name).replace(" ", "")
    for region_name in sorted(region_names, key=len, reverse=True):
        if region_name and key.startswith(region_name) and len(key) > len(region_name) + 1:
            key = key[len(region_name) :]
            break
    if len(key) > 2 and key[0] in "区县市" and not _prefix_is_word(key):
        key = key[1:]
    key = key.removesuffix("人民政府")
    if key.endswith("街道办事处"):
        key = key.removesuffix("办事处")
    return key.replace("和", "")


def length_problem(what: str, text: str, limit: int) -> str | None:
    """The refusal of ``text`` as a ``what`` ("单位名称", "活动形式") longer than its column's
    ``limit`` characters, naming it (shortened when very long); None when it fits. SQLite
    stores any length, PostgreSQL refuses: the services check first so both agree."""
    if len(text) <= limit:
        return None
    shown = text if len(text) <= 30 else f"{text[:30]}…"
    return f"{what}“{shown}”有 {len(text)} 个字，超过 {limit} 个字的上限，请改短。"
