"""A province-scale data set (``openday generate-province``): one province, its cities and
~130 counties, each with five yearly campaigns of 100 activities in every state, for the
benchmarks (``benchmarks/staff_pages.py``) and the query-count tests.

The rows are built here and written with ``bulk_create`` — not through the services, which
would take hours at this size — in one transaction per county, with no query per row. They
are kept consistent all the same: every activity's events, deadlines (due and done dates, as
``activities.deadlines`` resolves them, on one shared working-day calendar), filing, notice
and report (attendance, media reports, a photo) match its state; joint rows have their parts
(held on their own or with the lead); each state change has its audit entry; deadlines have
their reminders (``Notification`` and ``Delivery`` rows, some failed); and the public's
participation (sign-ups, opinions with replies — and questionnaire answers once
``participation`` has a ``Questionnaire`` model) adds up to ``answers`` rows over the
campaigns. The latest year is running around ``today``; the earlier ones are closed.

Every name starts with the province's slug (regions ``<slug>-3``, users ``<slug>-3-admin``,
``<slug>-3-u7``, ``<slug>-viewer``), so several provinces can sit in one database and
``replace`` removes exactly one. All accounts share the demo password.
"""

import time
from collections.abc import Callable

from openday.core.errors import DomainError
from openday.demo.province.builder import _Builder
from openday.demo.province.remove import province_remove
from openday.demo.province.shape import ProvinceSpec, ProvinceSummary, questionnaire_models
from openday.orgs.models import Region


def province_exists(slug: str) -> bool:
    return Region.objects.filter(slug=slug).exists()


def province_generate(
    spec: ProvinceSpec, *, replace: bool = False, progress: Callable[[str], None] = print
) -> ProvinceSummary:
    """Build the province ``spec`` describes; refused if its slug exists, unless ``replace``."""
    if spec.regions < 1 or spec.years < 1 or spec.activities < 1 or spec.answers < 0:
        raise DomainError("地区数、年数和每年活动数应为正整数，参与记录数不能为负数。")
    start = time.perf_counter()
    if province_exists(spec.slug):
        if not replace:
            raise DomainError(
                f"标识为“{spec.slug}”的省份已存在；如需重新生成，请加 --replace。", field="slug"
            )
        removed = province_remove(spec.slug)
        progress(
            f"已删除原有的 {spec.slug}（{removed:,} 行），用时 {time.perf_counter() - start:.1f} 秒"
        )
    builder = _Builder(spec, progress)
    builder.build()
    builder.summary.seconds = time.perf_counter() - start
    return builder.summary


__all__ = [
    "ProvinceSpec",
    "ProvinceSummary",
    "province_exists",
    "province_generate",
    "province_remove",
    "questionnaire_models",
]
