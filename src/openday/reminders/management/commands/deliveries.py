import json

from django.core.management.base import BaseCommand

from openday.reminders.selectors import delivery_list

COLUMNS = ["recipient", "channel", "item", "occasion", "state", "attempts", "error"]


def delivery_rows():
    for delivery in delivery_list():
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


class Command(BaseCommand):
    help = "列出提醒的发送记录：接收人、渠道、对象、场合、状态和错误。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出。")

    def handle(self, *args, as_json=False, **options):
        rows = list(delivery_rows())
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write("\t".join(COLUMNS))
        for row in rows:
            self.stdout.write("\t".join(str(row[column]) for column in COLUMNS))
        self.stdout.write(f"共 {len(rows)} 条发送记录。")
