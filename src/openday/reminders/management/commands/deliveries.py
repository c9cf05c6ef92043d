import json

from django.core.management.base import BaseCommand, CommandError

from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.selectors import deliveries_filtered, delivery_list

COLUMNS = ["recipient", "channel", "item", "occasion", "state", "attempts", "error"]


def delivery_rows(deliveries):
    for delivery in deliveries:
        notification = delivery.notification
        yield {
            "recipient": notification.recipient.get_username(),
            "channel": delivery.channel,
            "item": notification.item,
            "occasion": notification.occasion,
            "state": delivery.state,
            "attempts": delivery.attempts,
            "error": delivery.last_error,
        }


def _choice(value: str | None, choices, option: str) -> str:
    if value and value not in choices.values:
        raise CommandError(f"{option} 应为 {' / '.join(choices.values)} 之一，收到“{value}”。")
    return value or ""


class Command(BaseCommand):
    help = "列出提醒的发送记录：接收人、渠道、对象、场合、状态和错误。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出。")
        parser.add_argument("--state", help="只列此状态：pending / sending / sent / failed。")
        parser.add_argument("--channel", help="只列此渠道：inbox / email / webhook。")
        parser.add_argument("--recipient", help="只列用户名含此文字的接收人。")

    def handle(self, *args, as_json=False, state=None, channel=None, recipient=None, **options):
        deliveries = deliveries_filtered(
            delivery_list(),
            state=_choice(state, DeliveryState, "--state"),
            channel=_choice(channel, Channel, "--channel"),
            recipient=recipient or "",
        )
        rows = list(delivery_rows(deliveries))
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write("\t".join(COLUMNS))
        for row in rows:
            self.stdout.write("\t".join(str(row[column]) for column in COLUMNS))
        self.stdout.write(f"共 {len(rows)} 条发送记录。")
