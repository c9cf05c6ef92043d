"""The year's main journey in a real browser, 湘江新区's rules.

A unit liaison declares two themes, the office accepts them, compiles and publishes the plan;
the liaison schedules one activity, files its plan, hands in its notice (the office approves
it), marks it held and reports it with a photo; the office accepts and publishes the report;
a visitor reads it in the column.

Only the world (regions, units, accounts, the campaign and its declaration window) is built
with services and factories; everything else is clicks and typing, found by visible Chinese
text and labels. Dates follow the server's ``timezone.localdate()``: the campaign is this
year's, the themes fall in this month or later, the activity is held today.
"""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.presets import rules_from_preset
from openday.campaigns.services import campaign_set_forms, campaign_set_rules
from openday.declarations.services import declaration_window_open
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitKind
from tests.e2e.conftest import DESKTOP
from tests.factories import CampaignFactory, MembershipFactory, RegionFactory, UnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

PASSWORD = "openday-test-pass"
UNIT = "新区行政审批服务局"
FIELD_THEME = "“一件事一次办”企业开办实地调研"
TALK_THEME = "政务服务满意度座谈交流会"
FORMS = ["实地调研", "现场观摩", "座谈交流", "政策发布", "问卷调查"]
MEDIA_TITLE = "新区行政审批服务局邀请企业代表实地体验“一件事一次办”"
# Failures should say so well before pytest's patience runs out; pages here answer in ms.
TIMEOUT_MS = 15_000


def make_world(today: dt.date):
    """湘江新区 (under 长沙市) with one unit, its liaison and an office admin, and this year's
    campaign with the preset's rules, open for declarations until a date not yet past."""
    city = RegionFactory(
        name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    region = RegionFactory(
        name="湘江新区",
        slug="xiangjiang",
        parent=city,
        kind=RegionKind.NEW_AREA,
        full_name="湖南湘江新区",
    )
    unit = UnitFactory(region=region, name=UNIT, kind=UnitKind.DEPARTMENT)
    admin = MembershipFactory(
        user__username="xjadmin", user__first_name="赵敏", role=Role.OFFICE_ADMIN, region=region
    ).user
    MembershipFactory(
        user__username="xjliaison",
        user__first_name="李娟",
        role=Role.UNIT_LIAISON,
        region=region,
        unit=unit,
    )
    campaign = CampaignFactory(
        region=region,
        year=today.year,
        slug=f"xiangjiang-{today.year}",
        title=f"湖南湘江新区{today.year}年“政务公开主题日”活动实施方案",
        phase=CampaignPhase.DRAFT,
    )
    campaign_set_forms(campaign=campaign, names=FORMS)
    rules = rules_from_preset("xiangjiang", today.year)
    # The notice says "3月31日前"; later in the year the office moves the date (same year).
    rules["declaration_due_on"] = max(
        rules["declaration_due_on"], min(today + dt.timedelta(days=14), dt.date(today.year, 12, 31))
    )
    campaign_set_rules(campaign=campaign, **rules)
    campaign.refresh_from_db()
    declaration_window_open(actor=admin, campaign=campaign)
    return campaign


def plan_docx(path):
    document = Document()
    document.add_heading(f"{UNIT}“政务公开主题日”实地调研活动方案", level=1)
    document.add_paragraph("一、活动主题：" + FIELD_THEME)
    document.add_paragraph("二、活动时间和地点：新区政务服务中心一楼企业开办专区。")
    document.add_paragraph("三、工作分工：政务公开科牵头，企业服务科配合。")
    document.save(path)
    return path


def photo_jpeg(path):
    image = Image.new("RGB", (1200, 900), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 120, 1100, 780), fill=(30, 90, 160))
    draw.ellipse((450, 300, 750, 600), fill=(240, 180, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def new_page(browser) -> Page:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + reverse("staff:home"))
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + reverse("staff:home"))
    expect(page.get_by_role("heading", name="待办", level=1)).to_be_visible()


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="工作台导航").get_by_role(
        "link", name=name, exact=True
    ).click()


def expect_status(page: Page, text: str) -> None:
    expect(page.get_by_role("status").first).to_contain_text(text)


def expect_image_loaded(image) -> None:
    """The <img> was fetched and decoded (lazy images load once scrolled to)."""
    image.scroll_into_view_if_needed()
    image.page.wait_for_function("img => img.complete", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 0


def fill_theme(page: Page, number: int, *, title, month, form, category, brief) -> None:
    row = page.get_by_role("group", name=f"第 {number} 项")
    row.get_by_label("活动主题").fill(title)
    row.get_by_label("开始月份").select_option(label=f"{month}月")
    row.get_by_label("活动形式").select_option(label=form)
    row.get_by_label("主题类别").select_option(label=category)
    row.get_by_label("活动简介").fill(brief)


def test_declared_theme_goes_from_plan_to_published_report(
    live_server, browser, screenshots, tmp_path
):
    today = timezone.localdate()
    campaign = make_world(today)
    base = live_server.url
    later = min(today.month + 1, 12)

    # 1. The liaison finds the campaign, opens the declaration form and declares two themes.
    liaison = new_page(browser)
    log_in(liaison, base, "xjliaison")
    nav(liaison, "年度活动")
    liaison.get_by_role("link", name=campaign.title).click()
    liaison.get_by_role("link", name="主题申报", exact=True).click()
    expect(liaison.get_by_role("heading", name="主题申报", level=1)).to_be_visible()
    liaison.get_by_role("link", name="填写申报").click()
    expect(liaison.get_by_role("heading", name="我的主题申报")).to_be_visible()
    expect(liaison.get_by_role("group", name="第 3 项")).to_have_count(0)
    liaison.get_by_label("联系人").fill("李娟")
    liaison.get_by_label("联系电话").fill("0731-88999337")
    fill_theme(
        liaison,
        1,
        title=FIELD_THEME,
        month=today.month,
        form="实地调研",
        category="营商环境",
        brief="邀请企业代表实地体验企业开办“一件事一次办”全流程，现场听取意见建议。",
    )
    fill_theme(
        liaison,
        2,
        title=TALK_THEME,
        month=later,
        form="座谈交流",
        category="政务服务",
        brief="邀请办事群众和企业代表座谈，交流政务服务满意度情况。",
    )
    liaison.screenshot(path=screenshots / "01-declaration-form.png", full_page=True)
    liaison.get_by_role("button", name="提交申报").click()
    expect(liaison.get_by_role("heading", name=f"{UNIT}的主题申报")).to_be_visible()
    expect_status(liaison, "主题申报已提交，请等待政务公开办审核。")
    items = liaison.get_by_role("region", name="申报主题").first
    expect(items).to_contain_text(FIELD_THEME)
    expect(items).to_contain_text(TALK_THEME)
    liaison.screenshot(path=screenshots / "02-declaration-submitted.png", full_page=True)

    # 2. The office admin sees it on the to-do page, accepts it, compiles and publishes the plan.
    admin = new_page(browser)
    log_in(admin, base, "xjadmin")
    waiting = admin.locator("section").filter(
        has=admin.get_by_role("heading", name="主题申报待审核")
    )
    expect(waiting).to_contain_text(f"{UNIT} · 2 个主题")
    admin.screenshot(path=screenshots / "03-admin-todo.png", full_page=True)
    waiting.get_by_role("link", name=UNIT).click()
    expect(admin.get_by_role("heading", name=f"{UNIT}的主题申报")).to_be_visible()
    admin.screenshot(path=screenshots / "04-declaration-review.png", full_page=True)
    admin.get_by_role("button", name="采纳", exact=True).click()
    expect_status(admin, f"{UNIT}的主题申报已采纳。")
    admin.get_by_role("link", name="编制计划", exact=True).click()
    expect(admin.get_by_role("heading", name="编制计划", level=1)).to_be_visible()
    admin.get_by_role("button", name="编制计划", exact=True).click()
    expect_status(admin, "已编制计划：共 2 项，请核对后发布。")
    plan = admin.get_by_role("region", name="计划表明细")
    expect(plan).to_contain_text(FIELD_THEME)
    expect(plan).to_contain_text(TALK_THEME)
    admin.screenshot(path=screenshots / "05-plan-compiled.png", full_page=True)
    admin.get_by_role("button", name="发布计划").click()
    expect(admin.get_by_role("heading", name=campaign.title, level=1)).to_be_visible()
    expect_status(admin, "计划已发布")
    admin.screenshot(path=screenshots / "06-campaign-published.png", full_page=True)

    # 3. The liaison's to-do now lists the activity: schedule, file, announce, hold, report.
    nav(liaison, "待办")
    mine = liaison.get_by_role("region", name="本单位待办").first
    mine.get_by_role("link", name=FIELD_THEME).click()
    expect(liaison.get_by_role("heading", name=FIELD_THEME, level=1)).to_be_visible()

    schedule = liaison.get_by_role("form", name="确定日期")
    schedule.get_by_label("活动日期").fill(today.isoformat())
    schedule.get_by_label("开始时间").fill("09:30")
    schedule.get_by_label("结束时间").fill("11:30")
    schedule.get_by_label("活动地点").fill("新区政务服务中心一楼企业开办专区")
    schedule.get_by_role("button", name="确定日期").click()
    expect_status(liaison, "“确定日期”已办理")
    facts = liaison.locator(".activity-facts")
    expect(facts).to_contain_text(f"{today.year}年{today.month}月{today.day}日")
    liaison.screenshot(path=screenshots / "07-activity-scheduled.png", full_page=True)

    liaison.get_by_role("link", name="填写报备方案").click()
    expect(liaison.get_by_role("heading", name="报备方案", level=1)).to_be_visible()
    liaison.get_by_label("具体活动方案").set_input_files(
        plan_docx(tmp_path / "实地调研活动方案.docx")
    )
    liaison.get_by_label("分管领导").fill("王建国")
    liaison.get_by_label("责任科室").fill("政务公开科")
    liaison.get_by_label("具体负责人").fill("李娟")
    liaison.get_by_label("联系电话").fill("0731-88999337")
    liaison.screenshot(path=screenshots / "08-filing-form.png", full_page=True)
    liaison.get_by_role("button", name="报备方案").click()
    expect_status(liaison, "“报备方案”已办理")
    expect(liaison.get_by_role("main")).to_contain_text("实地调研活动方案.docx")

    liaison.get_by_role("link", name="填写发布预告").click()
    expect(liaison.get_by_role("heading", name="发布预告", level=1)).to_be_visible()
    # Theme, host, date, time, place, content and form come filled from the activity.
    expect(liaison.get_by_label("活动主题")).to_have_value(FIELD_THEME)
    expect(liaison.get_by_label("活动日期")).to_have_value(today.isoformat())
    liaison.get_by_label("邀请对象").fill("企业代表、群众代表、新闻媒体")
    liaison.get_by_label("报名方式").fill("电话报名，名额 30 人，额满为止。")
    liaison.get_by_label("咨询联系方式").fill("0731-88999337")
    liaison.screenshot(path=screenshots / "09-announce-form.png", full_page=True)
    # The campaign asks for the office's review (the default): the notice waits for it.
    liaison.get_by_role("button", name="提交审核").click()
    expect_status(liaison, "活动预告已提交，待政务公开办审核通过后在专栏公开。")
    expect(liaison.locator(".notice-review")).to_contain_text("待审核")

    # The office approves the notice from the activity's page; it goes public.
    nav(admin, "年度活动")
    admin.get_by_role("link", name=campaign.title).click()
    admin.get_by_role("link", name=FIELD_THEME).first.click()
    admin.get_by_role("form", name="审核通过活动预告").get_by_role(
        "button", name="审核通过并公开"
    ).click()
    expect_status(admin, "活动预告已审核通过，已在公开专栏发布。")
    liaison.reload()

    hold = liaison.get_by_role("form", name="确认开展")
    expect(hold.get_by_label("实际开展日期")).to_have_value(today.isoformat())
    hold.get_by_role("button", name="确认已开展").click()
    expect_status(liaison, "“确认开展”已办理")

    liaison.get_by_role("link", name="填写报送材料").click()
    expect(liaison.get_by_role("heading", name="报送材料", level=1)).to_be_visible()
    expect(liaison.get_by_label("开展日期")).to_have_value(today.isoformat())
    liaison.get_by_label("活动覆盖人数").fill("60")
    liaison.get_by_label("现场工作人员").fill("8")
    liaison.get_by_label("企业代表", exact=True).fill("12")
    first_media = liaison.get_by_role("group", name="第 1 条")
    first_media.get_by_label("媒体名称").fill("湘江新区发布")
    first_media.get_by_label("报道标题").fill(MEDIA_TITLE)
    first_media.get_by_label("报道网址").fill("https://news.example.org/xjxq/yijianshi.html")
    first_media.get_by_label("报道日期").fill(today.isoformat())
    liaison.get_by_label("活动照片").set_input_files(photo_jpeg(tmp_path / "现场照片.jpg"))
    liaison.get_by_label("活动概况").fill(
        "12 家企业代表现场体验企业开办全流程，提出意见建议 9 条，现场答复 7 条。"
    )
    liaison.screenshot(path=screenshots / "10-report-form.png", full_page=True)
    liaison.get_by_role("button", name="报送材料").click()
    expect_status(liaison, "“报送材料”已办理")
    liaison.screenshot(path=screenshots / "11-activity-reported.png", full_page=True)

    # 4. The office accepts the report and publishes it to the column.
    nav(admin, "待办")
    reports = admin.get_by_role("region", name="报送材料待审核").first
    reports.get_by_role("link", name=FIELD_THEME).click()
    expect(admin.get_by_role("heading", name=FIELD_THEME, level=1)).to_be_visible()
    admin.get_by_role("form", name="审核通过").get_by_role("button", name="审核通过").click()
    expect_status(admin, "“审核通过”已办理")
    admin.get_by_role("form", name="发布到专栏").get_by_role("button", name="发布到专栏").click()
    expect_status(admin, "“发布到专栏”已办理")
    admin.screenshot(path=screenshots / "12-activity-published.png", full_page=True)
    admin.context.close()
    liaison.context.close()

    # 5. A visitor, not signed in, finds the column: the plan, the report and its photo.
    visitor = new_page(browser)
    visitor.goto(base + reverse("portal:campaign-list"))
    visitor.get_by_role("link", name=campaign.display_column_title).click()
    expect(visitor.get_by_role("heading", name="湘江新区", level=1)).to_be_visible()
    plan_list = visitor.locator(".plan")
    expect(plan_list).to_contain_text(FIELD_THEME)
    expect(plan_list).to_contain_text(TALK_THEME)
    column_reports = visitor.get_by_role("region", name="活动报道")
    expect(column_reports.get_by_role("link", name=FIELD_THEME, exact=True)).to_be_visible()
    expect(column_reports).to_contain_text("60 人")
    expect_image_loaded(column_reports.get_by_role("img", name=f"{FIELD_THEME}活动照片 1"))
    visitor.screenshot(path=screenshots / "13-column.png", full_page=True)

    column_reports.get_by_role("link", name=FIELD_THEME, exact=True).click()
    expect(visitor.get_by_role("heading", name=FIELD_THEME, level=1)).to_be_visible()
    article = visitor.get_by_role("article")
    expect(article).to_contain_text("企业代表 12 人")
    expect(article).to_contain_text("现场答复 7 条")
    expect(article.get_by_role("link", name=MEDIA_TITLE)).to_be_visible()
    expect_image_loaded(article.get_by_role("img", name=f"{FIELD_THEME}活动照片 1"))
    visitor.screenshot(path=screenshots / "14-report-page.png", full_page=True)
    visitor.context.close()
