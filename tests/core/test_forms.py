"""The one way forms are drawn and told their errors: a domain error back onto its field, the
error summary's lines, and the field template every form renders through."""

import lxml.html
import pytest
from django import forms

from openday.core.errors import DomainError
from openday.core.forms import ErrorItem, add_domain_error, error_items


class ThemeForm(forms.Form):
    title = forms.CharField(label="活动主题", required=False)
    month = forms.IntegerField(label="开始月份（选填）", required=False)


class RowForm(forms.Form):
    url = forms.CharField(label="报道网址", required=False)


class Rows(forms.BaseFormSet):
    row_label = "第 {number} 条媒体报道"
    summary_anchor = "media-h"


RowFormSet = forms.formset_factory(RowForm, formset=Rows, extra=0)


class Several(DomainError):
    def __init__(self, errors):
        super().__init__("".join(error.message for error in errors))
        self.errors = errors


def bound(form_class=ThemeForm, **data):
    form = form_class(data)
    form.is_valid()
    return form


def errors_of(form) -> dict:
    return {name: list(messages) for name, messages in form.errors.items()}


# --- add_domain_error -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("title", {"title": ["不行。"]}),
        ("unit", {"__all__": ["不行。"]}),  # a field the form does not have
        (None, {"__all__": ["不行。"]}),
    ],
)
def test_a_domain_error_goes_on_the_field_it_names(field, expected):
    form = bound()

    add_domain_error(form, DomainError("不行。", field=field))

    assert errors_of(form) == expected


def test_each_problem_goes_on_its_row_by_the_services_numbering():
    form = bound()
    rows = RowFormSet({"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0"})
    rows.is_valid()
    # The service numbered the two rows it was given; they are rows 1 and 3 on the page.
    given = [rows.forms[0], rows.forms[2]]

    add_domain_error(
        form,
        Several(
            [
                DomainError("第 2 项网址有误。", field="items.1.url"),
                DomainError("第 1 项不全。", field="items.0.outlet"),
                DomainError("第 9 项？", field="items.8.url"),
                DomainError("主题太长。", field="title"),
            ]
        ),
        rows=given,
    )

    assert errors_of(form) == {"__all__": ["第 9 项？"], "title": ["主题太长。"]}
    assert [errors_of(row) for row in rows.forms] == [
        {"__all__": ["第 1 项不全。"]},
        {},
        {"url": ["第 2 项网址有误。"]},
    ]


# --- error_items ----------------------------------------------------------------------------


def test_each_line_names_its_field_unless_the_message_does():
    form = bound()
    form.add_error(None, "整张表有误。")
    form.add_error("title", "请填写活动主题。")
    form.add_error("month", "应为 1-12。")

    assert error_items(form) == [
        ErrorItem("整张表有误。"),
        ErrorItem("请填写活动主题。", "id_title"),
        # The label's parenthesised hint is left out.
        ErrorItem("开始月份：应为 1-12。", "id_month"),
    ]


def test_a_formsets_rows_are_named_and_its_own_errors_point_at_its_anchor():
    rows = RowFormSet(
        {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-1-url": "x"}, prefix="form"
    )
    rows.is_valid()
    rows.forms[1].add_error("url", "网址只能以 http:// 开头。")
    rows.forms[0].add_error(None, "第 1 条媒体报道缺少报道日期。")
    rows._non_form_errors.append("最多 2 条。")

    assert error_items(None, rows) == [
        ErrorItem("最多 2 条。", "media-h"),
        ErrorItem("第 1 条媒体报道缺少报道日期。"),
        ErrorItem("第 2 条媒体报道 · 报道网址：网址只能以 http:// 开头。", "id_form-1-url"),
    ]


def test_unlinked_lines_and_a_widget_that_names_its_target():
    class PickForm(forms.Form):
        items = forms.MultipleChoiceField(
            label="要合并的主题",
            choices=[("1", "一")],
            widget=forms.CheckboxSelectMultiple(attrs={"id": "merge-items"}),
        )

    form = bound(PickForm)

    assert error_items(form) == [ErrorItem("要合并的主题：这个字段是必填项。", "merge-items")]
    assert error_items(form, linked=False) == [ErrorItem("要合并的主题：这个字段是必填项。")]


def test_an_unbound_form_has_no_lines():
    assert error_items(ThemeForm(), RowFormSet()) == []


# --- the field template ---------------------------------------------------------------------


class ContactForm(forms.Form):
    phone = forms.CharField(label="联系电话", help_text="手机号码或固定电话。")
    channel = forms.ChoiceField(
        label="接收方式", choices=[("mail", "邮件"), ("sms", "短信")], widget=forms.RadioSelect
    )


def test_a_field_ties_its_label_help_and_error_to_the_control():
    form = bound(ContactForm, phone="")

    field = lxml.html.fragment_fromstring(str(form["phone"].as_field_group()))

    assert field.get("class") == "field field-text"
    assert field.xpath("label/@for") == ["id_phone"]
    (control,) = field.xpath("input")
    assert control.get("aria-invalid") == "true"
    assert control.get("aria-describedby") == "id_phone_helptext id_phone_error"
    assert field.xpath("p[@id='id_phone_helptext']/text()") == ["手机号码或固定电话。"]
    assert field.xpath("p[@id='id_phone_error']/text()") == ["这个字段是必填项。"]


def test_a_group_of_choices_is_a_fieldset_with_a_legend():
    form = bound(ContactForm, phone="1", channel="fax")

    field = lxml.html.fragment_fromstring(str(form["channel"].as_field_group()))

    assert field.tag == "fieldset"
    assert field.get("class") == "field field-radioselect"
    assert field.get("aria-describedby") == "id_channel_error"
    assert field.xpath("legend/text()") == ["接收方式"]
    assert field.xpath(".//input/@value") == ["mail", "sms"]
    assert field.xpath("p[@class='field-error']/@id") == ["id_channel_error"]
