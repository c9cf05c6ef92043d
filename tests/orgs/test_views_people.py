"""The people pages, the one-time link and the forced password change."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from openday.orgs.enums import Role
from openday.orgs.models import Account
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db

LIST = "/staff/regions/tianxin/people/"
GOOD = "Xiang-jiang-2024"


def person_url(user, tail="") -> str:
    return f"{LIST}{user.pk}/{tail}"


def sign_in(client, username: str, password: str) -> int:
    """The login page's answer: 302 signed in, 200 refused."""
    return client.post("/staff/login/", {"username": username, "password": password}).status_code


def link_on(page) -> str:
    boxes = select(page, ".one-time-link input")
    return boxes[0].get("value") if boxes else ""


def test_the_list_shows_role_unit_state_and_last_login(client, place):
    place.liaison.first_name = "李梅"
    place.liaison.last_login = timezone.make_aware(timezone.datetime(2024, 3, 5, 9, 30))
    place.liaison.save()
    client.force_login(place.admin)
    place.admin.refresh_from_db()

    page = parse(client.get(LIST).content)

    rows = [
        [text_of(c) for c in tr.xpath("th|td")]
        for tr in select(page, "table.people-table tbody tr")
    ]
    login = timezone.localtime(place.admin.last_login).strftime("%Y年%-m月%-d日 %H:%M")
    assert rows == [
        ["李梅", "renshe", "单位联络员 · 区人力资源社会保障局", "在用", "2024年3月5日 09:30"],
        ["txadmin", "txadmin", "公开办管理员", "在用", login],
    ]


def test_a_new_liaison_gets_a_link_shown_once_and_emailed(client, place):
    client.force_login(place.admin)

    response = client.post(
        f"{LIST}new/",
        {
            "username": "jiaoyu",
            "full_name": "李梅",
            "email": "li@example.gov.cn",
            "role": Role.UNIT_LIAISON,
            "unit": place.jiaoyu.pk,
        },
    )

    assert response.status_code == 302
    page = parse(client.get(response["Location"]).content)
    link = link_on(page)
    assert re.fullmatch(r"http://testserver/staff/account/set-password/[\w-]+/[\w-]+/", link)
    assert text_of(select(page, ".password-state")[0]) == "尚未设置（等待本人通过链接设置）"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["li@example.gov.cn"]
    assert link in mail.outbox[0].body
    # Shown once: the next visit has no link.
    assert link_on(parse(client.get(response["Location"]).content)) == ""


def test_the_link_sets_the_password_once(client, place):
    client.force_login(place.admin)
    response = client.post(
        f"{LIST}new/", {"username": "jiaoyu", "role": Role.UNIT_LIAISON, "unit": place.jiaoyu.pk}
    )
    link = link_on(parse(client.get(response["Location"]).content))
    client.logout()

    page = client.get(link, follow=True)
    assert select(parse(page.content), "h1")[0].text_content() == "设置登录密码"
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})

    assert done.status_code == 302
    assert done["Location"] == "/staff/login/"
    assert sign_in(client, "jiaoyu", GOOD) == 302
    client.logout()
    again = parse(client.get(link, follow=True).content)
    assert text_of(select(again, ".link-invalid")[0]).startswith("这个链接已经失效")


def test_a_temporary_password_forces_a_change_at_first_login(client, place):
    client.force_login(place.admin)
    client.post(person_url(place.liaison, "password/"), {"password": GOOD})
    client.logout()

    assert client.post("/staff/login/", {"username": "renshe", "password": GOOD}).status_code == 302
    for url in ("/staff/", "/staff/campaigns/", "/staff/inbox/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/staff/account/password/")
    page = parse(client.get("/staff/account/password/").content)
    assert text_of(select(page, ".must-change")[0]).startswith("您的密码是由他人设置的临时密码")

    new = "Yuelu-shan-2024"
    response = client.post(
        "/staff/account/password/",
        {"old_password": GOOD, "new_password1": new, "new_password2": new},
    )

    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert Account.objects.get(user=place.liaison).must_change_password is False


def test_signing_out_stays_open_while_a_change_is_due(client, place):
    Account.objects.create(user=place.liaison, must_change_password=True)
    place.liaison.set_password(GOOD)
    place.liaison.save()
    client.post("/staff/login/", {"username": "renshe", "password": GOOD})

    response = client.post("/staff/logout/")

    assert response["Location"] == "/staff/login/"


def test_a_mistyped_new_password_is_told_in_chinese(client, place):
    client.force_login(place.liaison)

    response = client.post(
        "/staff/account/password/",
        {"old_password": "openday-test-pass", "new_password1": "short", "new_password2": "short"},
    )

    assert response.status_code == 400
    errors = [text_of(li) for li in select(parse(response.content), ".error-summary li")]
    assert "密码太短，至少需要 10 个字符。" in " ".join(errors)


def test_a_reset_to_a_link_shows_a_new_link(client, place):
    client.force_login(place.admin)

    response = client.post(person_url(place.liaison, "password/"))

    assert response.status_code == 302
    assert link_on(parse(client.get(response["Location"]).content))
    place.liaison.refresh_from_db()
    assert place.liaison.has_usable_password() is False


def test_deactivating_oneself_is_refused_on_the_page(client, place):
    client.force_login(place.admin)

    response = client.post(person_url(place.admin, "active/"), {"active": "0"})

    assert response.status_code == 400
    assert text_of(select(parse(response.content), ".alert-error")[0]) == "不能停用自己的账号。"


def test_a_deactivated_liaison_can_no_longer_sign_in(client, place):
    client.force_login(place.admin)
    client.post(person_url(place.liaison, "active/"), {"active": "0"})
    client.logout()

    assert sign_in(client, "renshe", "openday-test-pass") == 200
