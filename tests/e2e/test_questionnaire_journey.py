"""A questionnaire end to end in Chromium: on a phone a citizen finds it in the column's
"参与互动", answers it, and a second answer from the same browser is refused in Chinese; the
office's results page and its .xlsx export count the same answer."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from openday.participation.models import QuestionnaireAnswer
from tests.e2e.conftest import PHONE
from tests.e2e.public_site import make_public_site
from tests.e2e.test_declaration_journey import log_in
from tests.e2e.test_participation_journeys import desktop, phone

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

ALREADY = "您已提交过本问卷，每人只能填写一次。感谢您的参与！"


def answer(page) -> None:
    page.get_by_role("group", name="您是否参加过现场活动？").get_by_label("是").check()
    page.get_by_role("group", name="总体满意度").get_by_label("5 分").check()
    page.get_by_role("button", name="提交问卷").click()


def test_a_citizen_answers_once_and_the_office_results_and_export_match(
    live_server, browser, screenshots
):
    site = make_public_site()
    base = live_server.url
    title = site.questionnaire.title

    # The citizen finds the questionnaire in the column, on a phone.
    citizen = phone(browser)
    citizen.goto(base + reverse("portal:campaign-column", args=[site.campaign.slug]))
    section = citizen.locator("section.participation")
    expect(section.get_by_role("heading", name="参与互动")).to_be_visible()
    section.get_by_role("link", name=title).click()
    expect(citizen.get_by_role("heading", name=title, level=1)).to_be_visible()
    form_url = citizen.url
    # A second tab of the same browser, opened before the first answer is sent.
    second = citizen.context.new_page()
    second.goto(form_url)

    answer(citizen)
    expect(citizen).to_have_url(form_url + "thanks/")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    citizen.screenshot(path=screenshots / "questionnaire-thanks-phone.png", full_page=True)

    # Answering again from the other tab is refused, and the form is not offered again.
    answer(second)
    expect(second.locator(".questionnaire-done")).to_have_text(ALREADY)
    citizen.goto(form_url)
    expect(citizen.locator(".questionnaire-done")).to_have_text(ALREADY)
    expect(citizen.get_by_role("button", name="提交问卷")).to_have_count(0)
    assert QuestionnaireAnswer.objects.filter(questionnaire=site.questionnaire).count() == 1

    # The office's results and the export count the one answer the same way.
    office = desktop(browser)
    log_in(office, base, "txadmin")
    office.goto(
        base
        + reverse("staff:questionnaire-results", args=[site.campaign.slug, site.questionnaire.pk])
    )
    expect(office.locator(".results-total")).to_have_text("1")
    first, rating = office.locator(".question-result").all()
    expect(first.locator("tbody tr", has_text="是").locator("td").first).to_have_text("1")
    expect(first.locator("tbody tr", has_text="否").locator("td").first).to_have_text("0")
    expect(rating.locator("tbody tr", has_text="5").locator("td").first).to_have_text("1")
    office.screenshot(path=screenshots / "questionnaire-results.png", full_page=True)

    with office.expect_download() as download:
        office.get_by_role("link", name="下载全部答卷（.xlsx）").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    start = next(n for n, row in enumerate(rows) if row[0] == "序号")
    header, answers = rows[start], [row for row in rows[start + 1 :] if row[0] is not None]
    assert header[2:] == ["1. 您是否参加过现场活动？", "2. 总体满意度"]
    assert [row[2:] for row in answers] == [["是", "5"]]
