"""``openday assessment --campaign SLUG [--json] [--as-of YYYY-MM-DD]``: the campaign's
assessment (考核) as the staff page shows it — per unit its name, score (or 不参与考核), rank
and each criterion with its weight, points and reasons. A closed year prints its frozen
scores; an open one is computed as of today (or ``--as-of``)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from openday.assessment.scoring import assess, weights_of
from openday.assessment.selectors import campaign_assessment
from openday.campaigns.models import Campaign


class Command(BaseCommand):
    help = "打印年度活动各单位的考核得分及每项指标的得分理由（--json 输出 JSON）"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="年度活动标识（slug）")
        parser.add_argument("--json", action="store_true", dest="as_json", help="输出 JSON")
        parser.add_argument("--as-of", dest="as_of", help="按该日期计算（仅限未结束的年度）")

    def handle(self, *args, campaign=None, as_json=False, as_of=None, **options):
        if not campaign:
            raise CommandError("请用 --campaign 指定年度活动标识")
        day = None
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of 的日期“{as_of}”无法识别，请写成 2023-06-30") from None
        try:
            found = Campaign.objects.select_related("region", "rules").filter(slug=campaign).first()
            if found is None:
                raise CommandError(f"找不到标识为“{campaign}”的年度活动")
            if day is not None and found.closed_on is None:
                result = assess(found, today=day, weights=weights_of(found))
            else:
                result = campaign_assessment(found, today=day or timezone.localdate())
        except DatabaseError as exc:
            raise CommandError(f"无法读取数据库（是否已运行 openday migrate？）：{exc}") from exc
        if as_json:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            return
        frozen = "（已冻结）" if result.frozen else ""
        self.stdout.write(f"{result.title}，截至 {result.as_of.isoformat()}{frozen}")
        for unit in result.units:
            rank = f"第{unit.rank}名 " if unit.rank else ""
            self.stdout.write(f"{rank}{unit.name}：{unit.score_label}")
            if not unit.assessed:
                continue
            for criterion in unit.criteria:
                self.stdout.write(
                    f"  {criterion.label}（权重 {criterion.weight}）{criterion.points:g} 分 — "
                    f"{criterion.explained()}"
                )
        assessed = sum(1 for unit in result.units if unit.assessed)
        self.stdout.write(f"共 {len(result.units)} 个单位，{assessed} 个参与考核。")
