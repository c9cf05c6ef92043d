"""The site's icon: /favicon.ico answers, and both layouts link the icon."""

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from tests.portal.html import parse

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_permanently_to_the_static_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.headers["Location"] == "/static/openday/img/favicon.ico"


def test_the_icons_are_real_images():
    with Image.open(finders.find("openday/img/favicon.ico")) as icon:
        assert (icon.format, icon.size) == ("ICO", (48, 48))
    with open(finders.find("openday/img/favicon.svg"), encoding="utf-8") as file:
        svg = file.read()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')


@pytest.mark.parametrize("url", ["/", "/staff/login/"], ids=["public", "staff"])
def test_both_layouts_link_the_icon(client, url):
    response = client.get(url, follow=True)

    links = parse(response.content).xpath("//head/link[@rel='icon']")
    assert [(link.get("href"), link.get("type")) for link in links] == [
        ("/static/openday/img/favicon.svg", "image/svg+xml"),
        ("/static/openday/img/favicon.ico", None),
    ]
