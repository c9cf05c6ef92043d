"""Questionnaire pages. Public: the form (private, the respondent cookie), an answer and the
thank-you page, answering twice or too fast, the honeypot, conditions with JavaScript off,
the phone code, satisfaction from a report. Staff: the builder's buttons, opening, results
with SVG charts and their tables, the .xlsx of every answer, invitation codes, and who may
reach what."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from openday.participation import questionnaires_phone
from openday.participation.abuse import Limit
from openday.participation.models import (
    InvitationCode,
    Question,
    QuestionnaireAnswer,
    QuestionnaireKind,
    QuestionnaireState,
)
from openday.participation.services import (
    AnswerInput,
    QuestionInput,
    answer_submit,
    question_add,
    questionnaire_create,
    questionnaire_open,
)
from openday.participation.templatetags.questionnaire_links import satisfaction_link
from openday.portal import questionnaires as public_views
from openday.reports.charts import Bar, bar_chart
from tests.participation.conftest import NOW
from tests.participation.test_questionnaires import build_survey, choice, published, settings_input
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db
SLUG = "tianxin-2023"


def _window() -> dict:
    now = timezone.now()
    return {"opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=5)}


@pytest.fixture
def survey(place):
    """The four-question survey, open by the real clock."""
    return build_survey(place, **_window())


def form_url(questionnaire) -> str:
    return reverse("portal:questionnaire-form", args=[SLUG, questionnaire.pk])


def post_data(questions, **more) -> dict:
    q1, q2, q3, q4 = questions
    return {
        f"q{q1.pk}": choice(q1, "是"),
        f"q{q2.pk}": "讲解清楚",
        f"q{q3.pk}": [choice(q3, "政府网站")],
        f"q{q4.pk}": "5",
        "website": "",
        **more,
    }


# --- public ---------------------------------------------------------------------------------


def test_the_form_states_its_purpose_and_sets_the_respondent_cookie_privately(client, survey):
    questionnaire, (q1, q2, _q3, _q4) = survey
    page = client.get(form_url(questionnaire))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert public_views.COOKIE in page.cookies
    html = parse(page.content)
    assert "不收集姓名" in text_of(select(html, ".participation-purpose")[0])
    legends = [text_of(f.find("legend")) for f in select(html, "fieldset.question")]
    assert legends == [
        "1. 您是否参加过现场活动？ *（必答）",
        "2. 您印象最深的内容是什么？ *（必答）",
        "3. 您通过哪些渠道了解到本次活动？",
        "4. 总体满意度 *（必答）",
    ]
    conditional = select(html, f"fieldset#question-{q2.pk}")[0]
    assert conditional.get("data-depends-on") == f"q{q1.pk}"
    assert conditional.get("data-depends-value") == choice(q1, "是")
    assert "仅当第 1 题选择“是”时作答" in text_of(conditional)
    # No inline script or style (CSP); the script is a static file.
    assert not html.xpath("//script[not(@src)]")
    assert not html.xpath("//*[@style]")


def test_an_answer_is_thanked_and_a_second_one_from_the_browser_refused(client, survey):
    questionnaire, questions = survey
    response = client.post(form_url(questionnaire), post_data(questions))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portal:questionnaire-thanks", args=[SLUG, questionnaire.pk]
    )
    assert response["Cache-Control"] == "private, no-store"
    assert QuestionnaireAnswer.objects.count() == 1
    thanks = client.get(response["Location"])
    assert "提交成功" in text_of(parse(thanks.content))
    again = client.post(form_url(questionnaire), post_data(questions))
    assert again.status_code == 400
    assert "您已提交过本问卷" in text_of(select(parse(again.content), ".questionnaire-done")[0])
    page = client.get(form_url(questionnaire))
    assert select(parse(page.content), ".questionnaire-done")
    assert not select(parse(page.content), "form.questionnaire-form")
    assert QuestionnaireAnswer.objects.count() == 1


def test_without_a_cookie_the_post_sets_one_and_counts_once(client, survey):
    questionnaire, questions = survey
    response = client.post(form_url(questionnaire), post_data(questions))
    assert response.status_code == 302
    assert public_views.COOKIE in response.cookies


def test_missing_required_answers_are_400_with_each_question_named(client, survey):
    questionnaire, (q1, q2, _q3, q4) = survey
    response = client.post(form_url(questionnaire), {f"q{q1.pk}": choice(q1, "是"), "website": ""})
    assert response.status_code == 400
    summary = [text_of(li) for li in select(parse(response.content), ".error-summary li")]
    assert summary == ["第 2 题为必答题，请填写。", "第 4 题为必答题，请选择 1–5 分。"]
    links = [a.get("href") for a in select(parse(response.content), ".error-summary a")]
    assert links == [f"#id_q{q2.pk}", f"#question-{q4.pk}"]
    assert not QuestionnaireAnswer.objects.exists()


def test_javascript_off_an_answer_to_a_hidden_question_is_dropped(client, survey):
    questionnaire, (q1, q2, q3, q4) = survey
    data = post_data((q1, q2, q3, q4), **{f"q{q1.pk}": choice(q1, "否")})
    assert client.post(form_url(questionnaire), data).status_code == 302
    stored = QuestionnaireAnswer.objects.get()
    assert set(stored.items.values_list("question_id", flat=True)) == {q1.pk, q3.pk, q4.pk}


def test_too_fast_from_one_address_is_429_in_chinese(client, survey, monkeypatch):
    questionnaire, questions = survey
    monkeypatch.setattr(
        public_views, "ANSWER_PER_ADDRESS", Limit("answer-addr-test", 1, 3600, "本网络地址")
    )
    assert client.post(form_url(questionnaire), post_data(questions)).status_code == 302
    client.cookies.clear()
    response = client.post(form_url(questionnaire), post_data(questions))
    assert response.status_code == 429
    assert "本网络地址在 60 分钟内提交次数过多" in text_of(parse(response.content))
    assert QuestionnaireAnswer.objects.count() == 1


def test_a_filled_honeypot_is_400(client, survey):
    questionnaire, questions = survey
    response = client.post(form_url(questionnaire), post_data(questions, website="http://x"))
    assert response.status_code == 400
    assert "隐藏项被填写" in text_of(parse(response.content))
    assert not QuestionnaireAnswer.objects.exists()


def test_a_draft_is_404_and_a_closed_one_says_so(client, place):
    draft, _ = build_survey(place, open_it=False, **_window())
    assert client.get(form_url(draft)).status_code == 404
    ended, questions = build_survey(place, opens_at=NOW, closes_at=NOW + dt.timedelta(days=1))
    page = client.get(form_url(ended))
    assert page.status_code == 200
    assert "已结束" in text_of(select(parse(page.content), ".questionnaire-refusal")[0])
    assert client.post(form_url(ended), post_data(questions)).status_code == 400
    assert not QuestionnaireAnswer.objects.exists()


def test_another_campaigns_questionnaire_is_404(client, survey):
    questionnaire, _ = survey
    url = reverse("portal:questionnaire-form", args=["nowhere-2023", questionnaire.pk])
    assert client.get(url).status_code == 404


def test_the_phone_code_is_sent_and_the_answer_kept_on_the_page(client, place, monkeypatch):
    sent = []
    monkeypatch.setattr(
        questionnaires_phone, "_senders", [lambda message: sent.append(message) or True]
    )
    questionnaire, questions = build_survey(place, phone_check=True, **_window())
    data = post_data(questions, phone="13800001234", send_code="1")
    page = client.post(form_url(questionnaire), data)
    assert page.status_code == 200
    html = parse(page.content)
    assert "验证码已发送至 138****1234" in text_of(select(html, ".questionnaire-notice")[0])
    # What was typed stays.
    assert html.xpath(f"//textarea[@name='q{questions[1].pk}']")[0].text.strip() == "讲解清楚"
    assert not QuestionnaireAnswer.objects.exists()
    code = sent[0].text.split("验证码 ")[1][:6]
    data = post_data(questions, phone="13800001234", phone_code=code)
    assert client.post(form_url(questionnaire), data).status_code == 302
    assert QuestionnaireAnswer.objects.get().phone_hash


def test_a_code_that_cannot_be_sent_is_a_400_on_the_phone(client, place, monkeypatch):
    monkeypatch.setattr(questionnaires_phone, "_senders", [])
    questionnaire, questions = build_survey(place, phone_check=True, **_window())
    page = client.post(
        form_url(questionnaire), post_data(questions, phone="13800001234", send_code="1")
    )
    assert page.status_code == 400
    assert "验证码短信发送失败" in text_of(select(parse(page.content), ".error-summary")[0])


@pytest.fixture
def satisfaction(place):
    questionnaire = questionnaire_create(
        actor=place.admin,
        campaign=place.campaign,
        data=settings_input(title="活动满意度评价", **_window()),
        kind=QuestionnaireKind.SATISFACTION,
    )
    rating = question_add(
        actor=place.admin, questionnaire=questionnaire, data=QuestionInput("rating", "总体满意度")
    )
    return questionnaire_open(actor=place.admin, questionnaire=questionnaire), rating


def test_satisfaction_is_linked_from_published_reports_and_keyed_to_the_activity(
    client, place, satisfaction
):
    questionnaire, rating = satisfaction
    rated = published(place, 3)
    link = satisfaction_link(place.campaign, rated)
    assert link["questionnaire"] == questionnaire
    assert satisfaction_link(place.campaign, place.activity_1)["questionnaire"] is None
    url = reverse("portal:questionnaire-activity-form", args=[SLUG, questionnaire.pk, rated.ref])
    page = client.get(url)
    assert "评价的活动：医保政策解读" in text_of(parse(page.content))
    response = client.post(url, {f"q{rating.pk}": "4", "website": ""})
    assert response.status_code == 302
    assert QuestionnaireAnswer.objects.get().activity == rated
    # Not a published activity: 404; the plain URL lists the activities to rate.
    not_published = reverse(
        "portal:questionnaire-activity-form", args=[SLUG, questionnaire.pk, "1"]
    )
    assert client.get(not_published).status_code == 404
    pick = client.get(form_url(questionnaire))
    assert [text_of(a) for a in select(parse(pick.content), ".satisfaction-activities a")] == [
        "医保政策解读"
    ]


# --- staff ----------------------------------------------------------------------------------


def staff(name: str, questionnaire, *more) -> str:
    return reverse(f"staff:{name}", args=[SLUG, questionnaire.pk, *more])


def test_the_office_creates_builds_and_opens_a_questionnaire_with_forms_only(client, place):
    client.force_login(place.admin)
    window = {
        key: timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        for key, value in _window().items()
    }
    response = client.post(
        reverse("staff:questionnaire-create", args=[SLUG]),
        {
            "kind": "survey",
            "activity": "1",
            "title": "宣讲效果调查",
            "purpose": "仅用于统计。",
            **window,
        },
    )
    assert response.status_code == 302
    questionnaire = place.campaign.questionnaires.get()
    assert questionnaire.activity == place.activity_1
    for text in ("第一题", "第二题"):
        added = client.post(
            staff("question-add", questionnaire),
            {"kind": "single", "text": text, "required": "on", "choices": "好\n一般\n差"},
        )
        assert added.status_code == 302
    second = questionnaire.questions.get(text="第二题")
    assert client.post(staff("question-action", questionnaire, second.pk, "up")).status_code == 302
    assert list(questionnaire.questions.order_by("position").values_list("text", flat=True)) == [
        "第二题",
        "第一题",
    ]
    page = client.get(staff("questionnaire-detail", questionnaire))
    buttons = [text_of(b) for b in select(parse(page.content), ".question-tools button")]
    assert buttons[:3] == ["上移第 1 题", "下移第 1 题", "删除第 1 题"]
    assert client.post(staff("questionnaire-transition", questionnaire, "open")).status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.state == QuestionnaireState.OPEN
    # Frozen: a change is a 400 with the reason; the page shows no buttons.
    refused = client.post(staff("question-action", questionnaire, second.pk, "delete"))
    assert refused.status_code == 400
    assert "题目不能再修改" in text_of(select(parse(refused.content), ".error-summary")[0])
    page = client.get(staff("questionnaire-detail", questionnaire))
    assert not select(parse(page.content), ".question-tools")


def test_a_bad_question_is_a_400_naming_the_field(client, place):
    client.force_login(place.admin)
    questionnaire, _ = build_survey(place, open_it=False)
    response = client.post(
        staff("question-add", questionnaire),
        {"kind": "single", "text": "只有一个选项", "choices": "好"},
    )
    assert response.status_code == 400
    summary = [text_of(li) for li in select(parse(response.content), ".error-summary li")]
    assert summary == ["选择题至少要有 2 个选项，每行一个。"]
    assert questionnaire.questions.count() == 4


def test_a_liaison_creates_only_for_their_units_activity(client, place):
    client.force_login(place.liaison_a1)
    data = {
        "kind": "survey",
        "title": "调查",
        "purpose": "仅用于统计。",
        "opens_at": "2023-06-09T09:00",
        "closes_at": "2023-07-09T09:00",
    }
    url = reverse("staff:questionnaire-create", args=[SLUG])
    refused = client.post(url, {**data, "activity": "2"})
    assert refused.status_code == 400
    assert "不是本单位承办的" in text_of(select(parse(refused.content), ".error-summary")[0])
    assert client.post(url, {**data, "activity": ""}).status_code == 400
    assert client.post(url, {**data, "activity": "1"}).status_code == 302
    client.force_login(place.viewer)
    assert client.get(url).status_code == 403


def test_the_results_draw_svg_charts_with_a_table_beside_each(client, place):
    questionnaire, (q1, q2, _q3, q4) = build_survey(place)
    for n, rating in enumerate(("5", "4", "4")):
        answer_submit(
            questionnaire=questionnaire,
            data=AnswerInput(
                values={q1.pk: choice(q1, "是"), q2.pk: f"意见{n}", q4.pk: rating}, token=f"t{n}"
            ),
            now=NOW,
        )
    client.force_login(place.viewer)
    page = client.get(staff("questionnaire-results", questionnaire))
    assert page.status_code == 200
    html = parse(page.content)
    assert text_of(select(html, ".results-total")[0]) == "3"
    charts = html.xpath("//svg")
    assert len(charts) == 3  # single, multiple, rating; the text question lists its answers
    assert charts[0].get("role") == "img"
    assert charts[0].find("title").text == "第 1 题：您是否参加过现场活动？"
    assert charts[0].find("desc").text == "是：3（100.0%）；否：0（0.0%）"
    rating_rows = [
        [text_of(c) for c in tr] for tr in select(html, ".result-table")[2].xpath(".//tbody/tr")
    ]
    assert rating_rows[3:] == [["4 分", "2", "66.7%"], ["5 分", "1", "33.3%"]]
    assert text_of(select(html, ".rating-average")[0]) == "4.33"
    assert sorted(text_of(li) for li in select(html, ".text-answers li")) == [
        "意见0",
        "意见1",
        "意见2",
    ]


def test_the_export_has_every_answer_with_a_column_per_question(client, place):
    questionnaire, (q1, q2, q3, q4) = build_survey(place)
    answer_submit(
        questionnaire=questionnaire,
        data=AnswerInput(
            values={
                q1.pk: choice(q1, "是"),
                q2.pk: '=HYPERLINK("x")',
                q3.pk: [choice(q3, "政府网站"), choice(q3, "社区通知")],
                q4.pk: "3",
            },
            token="t",
        ),
        now=NOW,
    )
    client.force_login(place.admin)
    response = client.get(staff("questionnaire-export", questionnaire))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if row and row[0] == "序号")
    assert header[2:] == [
        "1. 您是否参加过现场活动？",
        "2. 您印象最深的内容是什么？",
        "3. 您通过哪些渠道了解到本次活动？",
        "4. 总体满意度",
    ]
    data = rows[rows.index(header) + 1]
    assert data[0] == 1
    assert data[2:] == ["是", '=HYPERLINK("x")', "政府网站；社区通知", "3"]
    cell = sheet.cell(row=rows.index(header) + 2, column=4)
    assert cell.data_type == "s"  # text, never a formula


def test_invitation_codes_are_listed_until_used_and_hidden_from_viewers(client, place):
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place, by_invitation=True, open_it=False)
    client.force_login(place.admin)
    url = staff("questionnaire-invitations", questionnaire)
    assert client.post(url, {"labels": "人大代表 张某\n政协委员 李某"}).status_code == 302
    assert client.post(url, {}).status_code == 400
    codes = list(InvitationCode.objects.filter(questionnaire=questionnaire))
    questionnaire = questionnaire_open(actor=place.admin, questionnaire=questionnaire, now=NOW)
    answer_submit(
        questionnaire=questionnaire,
        data=AnswerInput(
            values={q1.pk: choice(q1, "否"), q4.pk: "3"}, token="t", invitation_code=codes[0].code
        ),
        now=NOW,
    )
    page = parse(client.get(url).content)
    assert [text_of(td) for td in select(page, ".invitation-code")] == [codes[1].code]
    client.force_login(place.viewer)
    assert client.get(url).status_code == 403


def test_a_liaison_sees_only_their_units_questionnaires(client, place):
    mine, _ = build_survey(place, activity=place.activity_1, open_it=False, title="人社局问卷")
    theirs, _ = build_survey(place, activity=place.activity_2, open_it=False, title="教育局问卷")
    office, _ = build_survey(place, open_it=False, title="全区问卷")
    client.force_login(place.liaison_a1)
    listing = parse(client.get(reverse("staff:questionnaire-list", args=[SLUG])).content)
    assert [text_of(a) for a in select(listing, ".questionnaire-row a")] == ["人社局问卷"]
    assert client.get(staff("questionnaire-detail", mine)).status_code == 200
    for other in (theirs, office):
        assert client.get(staff("questionnaire-detail", other)).status_code == 404
        assert client.get(staff("questionnaire-export", other)).status_code == 404
        assert client.post(staff("questionnaire-transition", other, "open")).status_code == 404
    assert Question.objects.filter(questionnaire=theirs).count() == 4


def test_the_activity_page_shows_the_answers_its_report_can_cite(client, place):
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place, activity=place.activity_1)
    for n in range(2):
        answer_submit(
            questionnaire=questionnaire,
            data=AnswerInput(values={q1.pk: choice(q1, "否"), q4.pk: "3"}, token=f"t{n}"),
            now=NOW,
        )
    client.force_login(place.liaison_a1)
    page = parse(client.get(reverse("staff:participation-activity", args=[SLUG, "1"])).content)
    assert text_of(select(page, ".activity-answer-count")[0]) == "2"
    assert [text_of(a) for a in select(page, ".activity-questionnaires a")] == [questionnaire.title]


def test_chart_text_is_escaped():
    svg = bar_chart(chart_id="c1", title="<b>题</b>", bars=[Bar("<script>", 2)])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert '<title id="c1-title">&lt;b&gt;题&lt;/b&gt;</title>' in svg
