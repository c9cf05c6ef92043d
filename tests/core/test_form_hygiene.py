"""What no form of openday accepts, whichever form it is: invisible control characters, line
breaks in one-line fields, dates outside 2000–2100, whole numbers past PostgreSQL's integer.

The first tests are the rule on small forms; the last ones walk every form class of openday
(every module imported), so a new form cannot forget the base class or a bound."""

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms

import openday
from openday.core.forms import INT_MAX, Form, ModelForm, TextHygieneMixin


class ThemeForm(Form):
    title = forms.CharField(label="活动名称", max_length=300)
    brief = forms.CharField(label="活动简介（选填）", required=False, widget=forms.Textarea)
    carried = forms.CharField(required=False, widget=forms.HiddenInput)
    held_on = forms.DateField(label="活动日期", required=False)
    count = forms.IntegerField(label="人数", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A field added per instance (a row, a caption) is checked the same way.
        self.fields["caption"] = forms.CharField(label="照片说明", required=False)
        self.seen = None

    def clean_title(self):
        self.seen = self.cleaned_data["title"]
        return self.cleaned_data["title"]


def errors_of(**data) -> dict:
    form = ThemeForm({"title": "政策宣讲", **data})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


# --- Control characters and line breaks -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"title": "政策\x0b宣讲"},
            {"title": ["“活动名称”含有不可见的控制字符（U+000B），请删除后再提交。"]},
        ),
        (
            {"title": "政\x00策\x1b宣讲\x00"},
            {"title": ["“活动名称”含有不可见的控制字符（U+0000、U+001B），请删除后再提交。"]},
        ),
        (
            {"title": "政策\u2028宣讲"},
            {"title": ["“活动名称”含有不可见的控制字符（U+2028），请删除后再提交。"]},
        ),
        (
            {"title": "政策\t宣讲"},
            {"title": ["“活动名称”含有不可见的控制字符（U+0009），请删除后再提交。"]},
        ),
        (
            {"title": "政策宣讲\r\n第二行"},
            {"title": ["“活动名称”只能填写一行，请删除其中的换行后再提交。"]},
        ),
        (
            {"title": "政策宣讲\n第二行"},
            {"title": ["“活动名称”只能填写一行，请删除其中的换行后再提交。"]},
        ),
        (
            {"brief": "第一行\n第二\x0c行"},
            {"brief": ["“活动简介”含有不可见的控制字符（U+000C），请删除后再提交。"]},
        ),
        (
            {"caption": "说明\x07"},
            {"caption": ["“照片说明”含有不可见的控制字符（U+0007），请删除后再提交。"]},
        ),
        (
            {"carried": "原文\x01"},
            {"carried": ["“carried”含有不可见的控制字符（U+0001），请删除后再提交。"]},
        ),
    ],
)
def test_control_characters_and_line_breaks_are_refused_naming_field_and_character(data, expected):
    assert errors_of(**data) == expected


def test_several_lines_and_tabs_are_fine_where_the_field_has_several_lines():
    form = ThemeForm({"title": "政策宣讲", "brief": "第一行\r\n\t第二行", "carried": "甲\n乙"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["brief"] == "第一行\r\n\t第二行"


def test_a_refused_value_never_reaches_the_forms_own_clean_method():
    form = ThemeForm({"title": "政策\x0b宣讲"})

    assert not form.is_valid()
    assert form.seen is None
    assert "title" not in form.cleaned_data


def test_checking_twice_gives_one_message():
    form = ThemeForm({"title": "政策\x0b宣讲"})
    form.full_clean()
    form.full_clean()

    assert form.errors["title"] == ["“活动名称”含有不可见的控制字符（U+000B），请删除后再提交。"]


# --- Dates and whole numbers ----------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_2000_to_2100_is_refused(day):
    assert errors_of(held_on=day) == {
        "held_on": ["“活动日期”应在 2000-01-01 至 2100-12-31 之间，请核对。"]
    }


@pytest.mark.parametrize("day", ["2000-01-01", "2023-10-13", "2100-12-31"])
def test_a_date_within_2000_to_2100_is_accepted(day):
    form = ThemeForm({"title": "政策宣讲", "held_on": day})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == dt.date.fromisoformat(day)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (str(INT_MAX), None),
        (str(-(2**31)), None),
        (str(INT_MAX + 1), "“人数”数值超出范围，请核对。"),
        (str(-(2**31) - 1), "“人数”数值超出范围，请核对。"),
        ("9" * 20, "“人数”数值超出范围，请核对。"),
    ],
)
def test_a_whole_number_must_fit_a_database_integer(value, problem):
    expected = {"count": [problem]} if problem else {}

    assert errors_of(count=value) == expected


# --- Every form of openday ------------------------------------------------------------------


def _every_module() -> list[str]:
    names = [openday.__name__]
    for info in pkgutil.walk_packages(openday.__path__, prefix=f"{openday.__name__}."):
        names.append(info.name)
    return names


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


@pytest.fixture(scope="module")
def openday_forms() -> list[type[forms.BaseForm]]:
    for name in _every_module():
        importlib.import_module(name)
    classes = [
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("openday.") and cls not in (Form, ModelForm)
    ]
    return sorted(classes, key=lambda cls: (cls.__module__, cls.__qualname__))


def test_every_module_is_walked_and_the_forms_are_found(openday_forms):
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in openday_forms}

    # A few of each app, so the walk cannot silently find nothing.
    assert {
        "openday.workbench.forms.AuditFilterForm",
        "openday.importers.forms.CampaignFromNoticeForm",
        "openday.reminders.forms.DeliveryFilterForm",
        "openday.activities.forms.pages.MediaForm",
        "openday.declarations.forms.ItemForm",
        "openday.orgs.forms.UnitForm",
    } <= names


def test_every_form_of_openday_checks_its_input(openday_forms):
    unchecked = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in openday_forms
        if not issubclass(cls, TextHygieneMixin)
    ]

    assert unchecked == [], "derive these from openday.core.forms.Form / ModelForm"


def test_every_whole_number_field_has_a_bound_a_database_integer_holds(openday_forms):
    unbounded = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in openday_forms
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.IntegerField)
        and (field.max_value is None or field.max_value > INT_MAX)
    ]

    assert unbounded == []


def test_every_date_field_is_in_a_form_that_bounds_it(openday_forms):
    dated = {
        cls
        for cls in openday_forms
        if any(isinstance(f, forms.DateField) for f in cls.base_fields.values())
    }

    assert dated  # the audit filter, the activity dates, the rules, the import
    assert all(issubclass(cls, TextHygieneMixin) for cls in dated)
