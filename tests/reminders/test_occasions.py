"""The send log's words for an occasion key, and the page that shows them."""

import pytest

from openday.reminders.occasions import occasion_label
from tests.portal.html import parse, select, text_of
from tests.reminders.test_settings_pages import DELIVERIES, failed, place  # noqa: F401


@pytest.mark.parametrize(
    ("occasion", "label"),
    [
        ("report-accepted:31", "活动材料审核通过通知"),
        ("report-returned:7", "活动材料退回通知"),
        ("notice-returned:7", "活动预告退回通知"),
        ("notice-submitted:8", "活动预告待审核通知"),
        ("declaration-returned:3:88", "主题申报退回通知"),
        ("plan-published:2:90", "计划表发布通知"),
        ("activity-urged:12", "督办通知"),
        ("deadline-soon:1:2023-06-08", "期限临近提醒（2023年6月8日到期）"),
        ("deadline-missed:1:2023-06-08", "逾期提醒（2023年6月8日到期）"),
        ("month-start:2023-05:unit-4", "2023年5月月初提醒"),
        ("month-end:2:2023-05", "2023年5月月末总结"),
        ("overdue-digest:9:2023-05-02", "逾期事项汇总（2023年5月2日）"),
        # Parts that do not parse still name the kind; an unknown kind is no code on screen.
        ("deadline-soon:1:someday", "期限临近提醒"),
        ("month-start:2023-13:unit-4", "月初提醒"),
        ("month-end:2", "月末总结"),
        ("something-new:5", "其他提醒"),
        ("", "其他提醒"),
    ],
)
def test_each_occasion_reads_in_words(occasion, label):
    assert occasion_label(occasion) == label


@pytest.mark.django_db
def test_the_send_log_shows_the_occasion_in_words_and_keeps_the_key_at_hand(
    client,
    place,  # noqa: F811
):
    delivery = failed(place.jiaoyu_liaison)
    delivery.notification.occasion = "report-accepted:31"
    delivery.notification.save()
    client.force_login(place.admin)

    page = parse(client.get(DELIVERIES).content)

    shown = select(page, f"#delivery-{delivery.pk} .occasion")[0]
    assert text_of(shown) == "活动材料审核通过通知"
    assert shown.get("title") == "report-accepted:31"
    assert "report-accepted:31" not in text_of(select(page, ".delivery-table")[0])
