import argparse
import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from openday.core.errors import DomainError
from openday.demo.data import DEMO_PASSWORD
from openday.demo.province import ProvinceSpec, province_generate


def _number(text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < least:
        raise argparse.ArgumentTypeError(f"“{text}”应为不小于 {least} 的整数")
    return value


def _positive(text: str) -> int:
    return _number(text, 1)


def _count(text: str) -> int:
    return _number(text, 0)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "生成省级规模的基准数据：一个省、若干市、约 130 个县级地区，每个地区 5 个年度、"
        "每年 100 项各状态的活动，以及报名、留言、提醒和操作记录（供基准测试，勿用于生产）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="province", help="省份标识，也是账号名前缀")
        parser.add_argument("--name", default="基准省", help="省份名称")
        parser.add_argument("--regions", type=_positive, default=130, help="县级地区数")
        parser.add_argument("--years", type=_positive, default=5, help="每个地区的年度数")
        parser.add_argument("--activities", type=_positive, default=100, help="每年的计划活动数")
        parser.add_argument(
            "--answers", type=_count, default=1_000_000, help="公众参与记录总数（报名、留言）"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=_date, help="最近一年以该日期为“今天”（默认今天）")
        parser.add_argument(
            "--replace", action="store_true", help="该标识的省份已存在时，删除后重新生成"
        )

    def handle(self, *args, **options):
        spec = ProvinceSpec(
            slug=options["slug"],
            name=options["name"],
            regions=options["regions"],
            years=options["years"],
            activities=options["activities"],
            answers=options["answers"],
            seed=options["seed"],
            today=options["today"],
        )
        start = time.perf_counter()
        try:
            summary = province_generate(
                spec, replace=options["replace"], progress=self.stdout.write
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"\n完成：{connection.vendor}，用时 {time.perf_counter() - start:.1f} 秒。各表行数："
        )
        for line in summary.lines():
            self.stdout.write(line)
        answers = sum(summary.counts[name] for name in ("报名", "留言", "问卷答卷"))
        kinds = "报名、留言和问卷答卷" if summary.questionnaire else "报名和留言（尚无问卷模型）"
        self.stdout.write(f"公众参与记录合计 {answers:,} 条：{kinds}。")
        self.stdout.write(
            f"账号：{spec.slug}-viewer（全省只读）、{spec.slug}-1-admin（第 1 个地区的公开办）、"
            f"{spec.slug}-1-u1（联络员）…，密码均为 {DEMO_PASSWORD}（仅供演示）。"
        )
