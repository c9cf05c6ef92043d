"""The import pages refuse hostile documents with the reader's Chinese message as a form error
(never a 500), keep nothing of them, and read Excel's Unicode text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.importers.pending import pending_root
from tests.factories import CampaignFactory
from tests.hostile import corpus

pytestmark = pytest.mark.django_db

NEW = "/staff/campaigns/new/"


@pytest.fixture
def campaign(tianxin):
    return CampaignFactory(region=tianxin, year=2025, slug="tianxin-2025")


def as_upload(path, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, path.read_bytes())


def post_plan(client, campaign, upload):
    return client.post(f"/staff/campaigns/{campaign.slug}/import-plan/", {"plan": upload})


@pytest.mark.parametrize(
    ("build", "name", "message"),
    [
        (
            lambda folder: corpus.zip_bomb(folder, "bomb.docx", megabytes=60),
            "炸弹.docx",
            "文件“炸弹.docx”解压后超过 40 MB 的上限，无法导入。",
        ),
        (
            corpus.xlsx_far_cell,
            "远处.xlsx",
            "文件“远处.xlsx”的工作表“Sheet1”超过 10000 行的上限，无法导入。",
        ),
        (
            lambda folder: corpus.docx_expanding(folder, megabytes=35),
            "膨胀.docx",
            "文件“膨胀.docx”中的“word/document.xml”压缩比超过 200 倍的上限（疑似压缩炸弹），"
            "无法导入。",
        ),
        (
            lambda folder: corpus.text_plan(folder, 20_000),
            "两万行.txt",
            "文件“两万行.txt”的计划表有 20000 行，超过 10000 行的上限，无法导入。",
        ),
    ],
)
def test_a_hostile_plan_is_a_form_error_and_nothing_is_kept(
    client, admin, campaign, tmp_path, build, name, message
):
    response = post_plan(client, campaign, as_upload(build(tmp_path), name))

    assert response.status_code == 400
    assert response.context["form"].errors["plan"] == [message]
    assert message in response.content.decode()
    assert not Activity.objects.exists()
    assert not list((pending_root() / str(campaign.pk)).glob("*"))


def test_an_excel_unicode_text_plan_is_previewed(client, admin, campaign, tmp_path):
    path = corpus.unicode_text_plan(tmp_path, 3)
    response = post_plan(client, campaign, as_upload(path, "Unicode 文本.txt"))

    assert response.status_code == 200
    assert [row.title for row in response.context["plan"].rows] == [
        "政策宣讲第1场",
        "政策宣讲第2场",
        "政策宣讲第3场",
    ]


def test_control_characters_are_stripped_with_one_warning_on_the_preview(
    client, admin, campaign, tmp_path
):
    text = (
        "\t".join(corpus.HEADER)
        + "\n1\t3月\t政策\x01宣讲\t政策宣传\t区财政局\n2\t4月\t知识\x1b竞赛\t政策宣传\t区财政局\n"
    )
    path = corpus.write(tmp_path, "plan.txt", text)
    response = post_plan(client, campaign, as_upload(path, "计划.txt"))

    plan = response.context["plan"]
    assert [row.title for row in plan.rows] == ["政策宣讲", "知识竞赛"]
    warning = "文件“计划.txt”中有不可见的控制字符（U+0001、U+001B），已删除：第 2 行、第 3 行。"
    assert plan.warnings == [warning.replace("计划.txt", plan.file_name)]
    assert "U+001B" in response.content.decode()


@pytest.mark.parametrize(
    ("build", "name", "message"),
    [
        (
            lambda folder: corpus.zip_bomb(folder, "bomb.docx", megabytes=60),
            "通知.docx",
            "文件“通知.docx”解压后超过 40 MB 的上限，无法导入。",
        ),
        (
            lambda folder: corpus.long_line(folder, 20_000),
            "通知.txt",
            "文件“通知.txt”第 2 行超过 10000 字的上限，无法导入。",
        ),
    ],
)
def test_a_hostile_notice_is_a_form_error(client, admin, tianxin, tmp_path, build, name, message):
    response = client.post(NEW, {"region": tianxin.pk, "notice": as_upload(build(tmp_path), name)})

    assert response.status_code == 400
    assert response.context["upload"].errors["notice"] == [message]
    assert not Campaign.objects.exists()


def test_a_notice_of_digits_is_read_and_states_nothing(client, admin, tianxin, tmp_path):
    path = corpus.digits_notice(tmp_path)
    response = client.post(NEW, {"region": tianxin.pk, "notice": as_upload(path, "数字.txt")})

    assert response.status_code == 200
    initial = response.context["form"].initial
    assert (initial["planned_count"], initial["issuer"], initial["doc_number"]) == (None, "", "")


def test_control_characters_in_a_notice_are_stripped_with_a_warning_on_the_check_page(
    client, admin, tianxin, tmp_path
):
    text = "关于开展2025年政务公开\x0b主题日活动的通知\n各单位：\n现将有关事项通知如下。\n"
    path = corpus.write(tmp_path, "notice.txt", text)
    response = client.post(NEW, {"region": tianxin.pk, "notice": as_upload(path, "通知.txt")})

    assert response.status_code == 200
    page = response.content.decode()
    assert "文件“通知.txt”中有不可见的控制字符（U+000B），已删除" in page
    assert "\x0b" not in response.context["form"].initial["source_text"]
