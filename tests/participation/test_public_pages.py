"""The public pages: the notice's links, sign-up (confirmation with a QR code, the waiting
list, refusals as 400/429 with Chinese messages), the cancel link, and opinions."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.participation import abuse
from openday.participation.enums import OpinionState, SignupState
from openday.participation.models import Opinion, Signup
from openday.participation.services import opinion_publish, opinion_reply, signup_settings_save
from tests.participation.conftest import PURPOSE
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_now(place):
    """Activity 1's sign-up open by the real clock (its deadline tomorrow)."""
    signup_settings_save(
        actor=place.admin,
        activity=place.activity_1,
        enabled=True,
        capacity=3,
        waitlist_size=1,
        deadline=timezone.now() + dt.timedelta(days=1),
        purpose=PURPOSE,
        ask_email=True,
    )
    return place


def signup_url(place, seq=1):
    return reverse("portal:signup-form", args=[place.campaign.slug, str(seq)])


def form(n: int, size: int = 1, **more) -> dict:
    return {
        "name": f"市民{n}",
        "phone": f"1380000{n:04d}",
        "group": "public",
        "party_size": size,
        "email": "",
        "website": "",
        **more,
    }


def test_the_notice_links_to_sign_up_and_opinions(client, open_now):
    page = client.get(reverse("portal:activity-notice", args=["tianxin-2023", "1"]))
    links = {
        text_of(a): a.get("href") for a in select(parse(page.content), ".participation-links a")
    }
    assert links == {
        "在线报名": signup_url(open_now),
        "我要留言": reverse("portal:activity-opinions", args=["tianxin-2023", "1"]),
    }
    other = client.get(reverse("portal:activity-notice", args=["tianxin-2023", "2"]))
    assert [text_of(a) for a in select(parse(other.content), ".participation-links a")] == [
        "我要留言"
    ]


def test_sign_up_states_its_purpose_and_confirms_with_a_code_and_qr(client, open_now):
    page = client.get(signup_url(open_now))
    assert page.status_code == 200
    assert PURPOSE in text_of(select(parse(page.content), ".participation-purpose")[0])
    assert page["Cache-Control"] == "private, no-store"
    response = client.post(signup_url(open_now), form(1, size=2, email="a@b.cn"))
    assert response.status_code == 302
    signup = Signup.objects.get()
    assert (signup.state, signup.email) == (SignupState.CONFIRMED, "a@b.cn")
    assert response["Location"].startswith(reverse("portal:signup-detail", args=[signup.code]))
    ticket = client.get(response["Location"])
    html = parse(ticket.content)
    assert text_of(select(html, ".ticket-code")[0]) == signup.code
    assert select(html, "img.ticket-qr")[0].get("src").startswith("data:image/svg+xml")
    body = ticket.content.decode()
    assert "138****0001" in body
    assert "13800000001" not in body
    assert "报名成功" in text_of(select(html, ".signup-state")[0])
    # The cancel link is shown to whoever came with the token, not to one who knows the code.
    assert select(html, ".cancel-link")
    bare = parse(client.get(reverse("portal:signup-detail", args=[signup.code])).content)
    assert not select(bare, ".cancel-link")


def test_the_second_citizen_waits_and_moves_up_when_the_first_cancels(client, open_now):
    first = client.post(signup_url(open_now), form(1, size=3))
    second = client.post(signup_url(open_now), form(2))
    waiting = Signup.objects.get(phone="13800000002")
    assert waiting.state == SignupState.WAITLISTED
    assert "候补名单" in client.get(second["Location"]).content.decode()
    cancel_href = select(parse(client.get(first["Location"]).content), ".cancel-link")[0].get(
        "href"
    )
    confirm = client.get(cancel_href)
    assert "确认取消报名" in confirm.content.decode()
    done = client.post(cancel_href)
    assert done.status_code == 200
    assert "已取消确认码为" in done.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == SignupState.CONFIRMED
    again = client.post(cancel_href)
    assert again.status_code == 400
    assert "已经取消" in again.content.decode()


def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(client, open_now):
    response = client.post(signup_url(open_now), form(1, phone="123", party_size=20))
    assert response.status_code == 400
    summary = text_of(select(parse(response.content), ".error-summary")[0])
    assert "手机号码应为 11 位数字，收到 3 位。" in summary
    assert "参加人数：确保该值小于或等于10。" in summary
    assert not Signup.objects.exists()


def test_a_filled_honeypot_is_a_400_and_saves_nothing(client, open_now):
    response = client.post(signup_url(open_now), form(1, website="http://spam"))
    assert response.status_code == 400
    assert "应当留空的隐藏项被填写了" in response.content.decode()
    assert not Signup.objects.exists()


def test_the_honeypot_is_hidden_by_a_class_not_a_style(client, open_now):
    html = client.get(signup_url(open_now)).content.decode()
    assert re.search(r'<div class="participation-hp" aria-hidden="true">', html)
    assert "style=" not in html


def test_too_many_sign_ups_from_one_address_are_a_429(client, open_now, monkeypatch):
    monkeypatch.setattr(abuse, "SIGNUP_PER_ADDRESS", abuse.Limit("t-addr", 2, 3600, "本网络地址"))
    assert client.post(signup_url(open_now), form(1)).status_code == 302
    assert client.post(signup_url(open_now), form(2)).status_code == 302
    refused = client.post(signup_url(open_now), form(3))
    assert refused.status_code == 429
    assert "本网络地址在 60 分钟内提交次数过多" in refused.content.decode()
    assert Signup.objects.count() == 2


def test_too_many_attempts_for_one_phone_are_a_429(client, open_now, monkeypatch):
    monkeypatch.setattr(abuse, "SIGNUP_PER_PHONE", abuse.Limit("t-phone", 1, 3600, "该手机号码"))
    client.post(signup_url(open_now), form(1))
    refused = client.post(signup_url(open_now), form(1))
    assert refused.status_code == 429
    assert "该手机号码在 60 分钟内提交次数过多" in refused.content.decode()


def test_with_every_place_and_waiting_place_taken_the_page_says_so(client, open_now):
    client.post(signup_url(open_now), form(1, size=3))
    client.post(signup_url(open_now), form(2))

    page = client.get(signup_url(open_now))
    refusal = text_of(select(parse(page.content), ".signup-refusal")[0])
    assert "名额和候补名额均已满" in refusal
    response = client.post(signup_url(open_now), form(3))
    assert response.status_code == 400
    assert not Signup.objects.filter(phone="13800000003").exists()


def test_after_the_deadline_the_page_says_so_and_a_post_is_refused(client, place):
    # The fixture's deadline (2023) has passed by the real clock.
    page = client.get(signup_url(place))
    assert "报名已截止" in text_of(select(parse(page.content), ".signup-refusal")[0])
    response = client.post(signup_url(place), form(1))
    assert response.status_code == 400
    assert not Signup.objects.exists()


def test_an_activity_without_sign_up_or_notice_is_404(client, place):
    assert client.get(signup_url(place, 2)).status_code == 404
    assert client.get(signup_url(place, 77)).status_code == 404
    assert client.get(reverse("portal:signup-detail", args=["ZZZZZZZZ"])).status_code == 404
    assert client.get(reverse("portal:signup-cancel", args=["nope"])).status_code == 404


def test_opinions_are_posted_pending_and_shown_once_published_with_the_reply(client, place):
    url = reverse("portal:activity-opinions", args=["tianxin-2023", "1"])
    page = client.get(url)
    assert "不会公开" in text_of(select(parse(page.content), ".participation-purpose")[0])
    response = client.post(
        url, {"text": "希望增加周末场次。", "name": "李四", "phone": "13900000002", "email": ""}
    )
    assert response.status_code == 302
    assert "留言已提交，审核后公开" in client.get(response["Location"]).content.decode()
    opinion = Opinion.objects.get()
    assert opinion.state == OpinionState.PENDING
    assert "希望增加周末场次" not in client.get(url).content.decode()
    opinion_publish(actor=place.admin, opinion=opinion)
    opinion_reply(actor=place.liaison_a1, opinion=opinion, text="已安排周六场次。")
    html = parse(client.get(url).content)
    item = text_of(select(html, ".opinion-item")[0])
    assert "希望增加周末场次" in item
    assert "区人力资源社会保障局 回应" in item
    assert "已安排周六场次" in item
    assert "李四" not in client.get(url).content.decode()
    assert "13900000002" not in client.get(url).content.decode()


def test_campaign_opinions_take_posts_and_refuse_oversize_text(client, place):
    url = reverse("portal:campaign-opinions", args=["tianxin-2023"])
    response = client.post(url, {"text": "字" * 1001})
    assert response.status_code == 400
    assert "留言内容" in text_of(select(parse(response.content), ".error-summary")[0])
    assert client.post(url, {"text": "建议"}).status_code == 302
    assert Opinion.objects.get().activity is None


def test_an_oversize_body_is_refused_before_the_form(client, place):
    url = reverse("portal:campaign-opinions", args=["tianxin-2023"])
    response = client.post(url, {"text": "字" * 20000})
    assert response.status_code == 400
    assert "最多接受 16 KB" in response.content.decode()
    assert not Opinion.objects.exists()


def test_too_many_opinions_from_one_address_are_a_429(client, place, monkeypatch):
    monkeypatch.setattr(abuse, "OPINION_PER_ADDRESS", abuse.Limit("t-op", 1, 600, "本网络地址"))
    url = reverse("portal:campaign-opinions", args=["tianxin-2023"])
    client.post(url, {"text": "一"})
    refused = client.post(url, {"text": "二"})
    assert refused.status_code == 429
    assert "本网络地址在 10 分钟内提交次数过多（最多 1 次）" in refused.content.decode()
    assert Opinion.objects.count() == 1


def test_guessing_codes_is_rate_limited(client, place, monkeypatch):
    monkeypatch.setattr(abuse, "LOOKUP_PER_ADDRESS", abuse.Limit("t-look", 2, 600, "本网络地址"))
    for _ in range(2):
        assert client.get(reverse("portal:signup-detail", args=["AAAAAAAA"])).status_code == 404
    assert client.get(reverse("portal:signup-detail", args=["AAAAAAAA"])).status_code == 429


def test_a_draft_campaign_has_no_participation_pages(client, place):
    place.campaign.phase = "draft"
    place.campaign.save()
    assert client.get(signup_url(place)).status_code == 404
    assert client.get(reverse("portal:campaign-opinions", args=["tianxin-2023"])).status_code == 404
