"""A region's website furniture (``RegionWebsite``): what a county government website carries
on every page of its column — 主办单位, 承办单位, 网站标识码, ICP备案号, 公安备案号, a contact
line and the 纠错 link.

- ``region_website_set``: the region's office admin (or the superuser) sets all of it at once;
  every problem is refused together, nothing is half-saved, and the change is audited as
  ``region.website_set`` (the portal listens for it to refresh the region's cached columns).
- ``region_website``: the row of a region, or None.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from openday.core.audit import audit_record
from openday.core.errors import DomainError, DomainErrors, PermissionDenied
from openday.core.text import one_line
from openday.orgs.models import Region, RegionWebsite
from openday.orgs.names import clean_text, length_problem
from openday.orgs.selectors import administers_region

WEBSITE_FIELDS = (
    "sponsor",
    "organizer",
    "site_code",
    "icp_number",
    "police_number",
    "contact",
    "error_report_url",
)
# 政府网站标识码: ten letters or digits (4301030001 for a county, bm… for a ministry).
_SITE_CODE = re.compile(r"[0-9A-Za-z]{10}")
_http_url = URLValidator(schemes=["http", "https"])


def region_website(region: Region) -> RegionWebsite | None:
    return RegionWebsite.objects.filter(region=region).first()


def _label(name: str) -> str:
    return str(RegionWebsite._meta.get_field(name).verbose_name)


def _clean(fields: dict[str, str]) -> dict[str, str]:
    """The values as stored (one line, trimmed), or every problem at once."""
    cleaned: dict[str, str] = {}
    errors: list[DomainError] = []
    for name in WEBSITE_FIELDS:
        value = clean_text(one_line(str(fields.get(name) or "")))
        limit = RegionWebsite._meta.get_field(name).max_length
        problem = length_problem(_label(name), value, limit)
        if problem:
            errors.append(DomainError(problem, field=name))
            continue
        cleaned[name] = value
    code = cleaned.get("site_code", "")
    if code and not _SITE_CODE.fullmatch(code):
        errors.append(
            DomainError(
                f"网站标识码“{code}”不对：应为 10 位数字或字母（如 4301030001）。",
                field="site_code",
            )
        )
    url = cleaned.get("error_report_url", "")
    if url:
        try:
            _http_url(url)
        except ValidationError:
            shown = url if len(url) <= 60 else f"{url[:60]}…"
            errors.append(
                DomainError(
                    f"纠错链接“{shown}”不是有效的网址：应以 http:// 或 https:// 开头。",
                    field="error_report_url",
                )
            )
    if errors:
        raise DomainErrors.of(errors)
    return cleaned


def region_website_set(*, actor, region: Region, **fields: str) -> RegionWebsite:
    """Set the region's website furniture; fields not given are cleared."""
    if not administers_region(actor, region.pk):
        raise PermissionDenied(f"您不是{region.name}政务公开办的管理员，不能修改网站信息。")
    unknown = set(fields) - set(WEBSITE_FIELDS)
    if unknown:
        raise ValueError(f"unknown website fields: {sorted(unknown)}")
    cleaned = _clean(fields)
    with transaction.atomic():
        website = RegionWebsite.objects.select_for_update().filter(region=region).first()
        before = {name: getattr(website, name) for name in WEBSITE_FIELDS} if website else {}
        if website is None:
            website = RegionWebsite(region=region)
        for name, value in cleaned.items():
            setattr(website, name, value)
        website.save()
        audit_record(
            actor=actor,
            action="region.website_set",
            obj=website,
            region=region,
            before=before,
            after={**cleaned, "region": region.pk},
        )
    return website
