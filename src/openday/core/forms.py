"""How every form is drawn and how its errors are told, on every staff page.

- ``FormRenderer`` (``settings.FORM_RENDERER``): one field template for all forms
  (``{{ form.field.as_field_group }}``), found through the project's template settings.
- ``add_domain_error``: a service's ``DomainError`` back onto the field it names.
- ``error_items``: the errors of a page's forms and formsets for the summary at its top, each
  linked to its field (``includes/error_summary.html``).
- ``TextHygieneMixin`` and the base classes ``Form`` / ``ModelForm`` every form of openday
  derives from: what no field accepts, whatever the form — invisible control characters
  (tab and line breaks only in fields of several lines), line breaks in one-line fields,
  dates outside 2000–2100, whole numbers past PostgreSQL's ``integer``. Checked the same
  way on SQLite and PostgreSQL, before any ``clean_<field>`` sees the value.

Neutral: Django forms only, no models, no services.
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import TemplatesSetting

from openday.core.errors import DomainError
from openday.core.text import char_label, control_chars

ROW_LABEL = "第 {number} 行"


class FormRenderer(TemplatesSetting):
    """Django's widgets, with the project's one field template (label, control, help, error,
    tied together by ``aria-describedby``)."""

    field_template_name = "includes/field.html"


def add_domain_error(form: forms.Form, error: DomainError, *, rows=()) -> None:
    """Put each problem of ``error`` on the field it names, or on the form as a whole.

    An error may carry several problems (``error.errors``). ``rows`` are the forms a problem
    may name by position, as ``<name>.<index>.<field>`` (the rows of a formset, in the order
    the service numbered them).
    """
    for problem in getattr(error, "errors", None) or [error]:
        field = problem.field or ""
        parts = field.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            row = rows[int(parts[1])]
            row.add_error(parts[2] if parts[2] in row.fields else None, problem.message)
        else:
            form.add_error(field if field in form.fields else None, problem.message)


@dataclass(frozen=True)
class ErrorItem:
    """One line of an error summary; ``anchor`` is the id of the field's control, empty for
    an error of the form as a whole."""

    message: str
    anchor: str = ""


def field_label(bound: forms.BoundField) -> str:
    """The field's label without its parenthesised hint: "具体活动方案（.docx 或 .pdf）" is
    "具体活动方案"."""
    return str(bound.label or bound.name).split("（")[0]


def _anchor(bound: forms.BoundField) -> str:
    # A control drawn by hand (a table of checkboxes) names its own target in the widget.
    return bound.field.widget.attrs.get("id") or bound.auto_id or ""


def _named(message: str, name: str, joiner: str) -> str:
    """``message`` as it names ``name``: itself when it already does, else prefixed."""
    return message if name in message else f"{name}{joiner}{message}"


def _form_items(form: forms.BaseForm, row: str, linked: bool) -> list[ErrorItem]:
    def line(message: str, label: str = "") -> str:
        text = _named(message, label, "：") if label else message
        return _named(text, row, " · ") if row else text

    items = [ErrorItem(line(str(error))) for error in form.non_field_errors()]
    for bound in form:
        anchor = _anchor(bound) if linked else ""
        items += [ErrorItem(line(str(error), field_label(bound)), anchor) for error in bound.errors]
    return items


def _ticked_for_deletion(formset: forms.BaseFormSet, row: forms.Form) -> bool:
    if not (formset.can_delete and row.is_bound):
        return False
    # The deletion check reads the cleaned data: ``errors`` cleans the row once, never again
    # (a clean would drop the errors a service put on it).
    return not row.errors.get("DELETE") and formset._should_delete_form(row)


def error_items(*forms_and_formsets, linked: bool = True) -> list[ErrorItem]:
    """Every error of the given forms and formsets (``None`` is skipped), in page order.

    Each line names its field — "延期原因：…" — unless the message already does ("请填写
    延期原因。"); a formset's rows are named the same way by its ``row_label`` ("第 {number}
    条媒体报道 · …"), and its own errors link to its ``summary_anchor`` when it has one.
    ``linked=False`` when the fields are not on the page.
    """
    items: list[ErrorItem] = []
    for each in forms_and_formsets:
        if each is None:
            continue
        if isinstance(each, forms.BaseFormSet):
            anchor = getattr(each, "summary_anchor", "") if linked else ""
            items += [ErrorItem(str(error), anchor) for error in each.non_form_errors()]
            row_label = getattr(each, "row_label", ROW_LABEL)
            for number, row in enumerate(each.forms, start=1):
                if _ticked_for_deletion(each, row):
                    continue  # going away: its errors stop nothing
                items += _form_items(row, row_label.format(number=number), linked)
        else:
            items += _form_items(each, "", linked)
    return items


# --- What no field accepts ------------------------------------------------------------------

# Dates a person may mean: anything else is a typo (0001-01-01, 9999-12-31), and would overflow
# the day arithmetic or the time-zone conversion of the queries it filters.
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
# PostgreSQL's ``integer`` (Django's IntegerField and PositiveIntegerField columns); SQLite
# stores far larger numbers, so without this bound the two databases would disagree.
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
_LINE_BREAKS = frozenset("\r\n")


def allows_line_breaks(field: forms.Field) -> bool:
    """Fields of several lines: a textarea, or a hidden field carrying such text back."""
    return isinstance(field.widget, forms.Textarea | forms.HiddenInput)


def _label(name: str, field: forms.Field) -> str:
    return str(field.label or name).split("（")[0]


def text_problem(label: str, text: str, *, multiline: bool) -> str | None:
    """Why ``text`` may not be saved in the field called ``label``, or None."""
    found = control_chars(text, multiline=multiline)
    invisible = [ch for ch in found if ch not in _LINE_BREAKS]
    if invisible:
        chars = "、".join(char_label(ch) for ch in invisible)
        return f"“{label}”含有不可见的控制字符（{chars}），请删除后再提交。"
    if found:
        return f"“{label}”只能填写一行，请删除其中的换行后再提交。"
    return None


def _text_validator(label: str, multiline: bool):
    def validate(value) -> None:
        if isinstance(value, str) and (problem := text_problem(label, value, multiline=multiline)):
            raise ValidationError(problem, code="control_characters")

    return validate


def _date_validator(label: str):
    def validate(value) -> None:
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(day, dt.date) and not DATE_MIN <= day <= DATE_MAX:
            raise ValidationError(
                f"“{label}”应在 {DATE_MIN:%Y-%m-%d} 至 {DATE_MAX:%Y-%m-%d} 之间，请核对。",
                code="date_range",
            )

    return validate


def _integer_validator(label: str, field: forms.IntegerField):
    # Only the ends the field leaves open: a bound of its own already says why, once.
    low = INT_MIN if field.min_value is None or field.min_value < INT_MIN else None
    high = INT_MAX if field.max_value is None or field.max_value > INT_MAX else None

    def validate(value) -> None:
        if not isinstance(value, int):
            return
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValidationError(f"“{label}”数值超出范围，请核对。", code="integer_range")

    return validate


def _guards(name: str, field: forms.Field) -> list:
    label = _label(name, field)
    if isinstance(field, forms.CharField):
        return [_text_validator(label, allows_line_breaks(field))]
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return [_date_validator(label)]
    if isinstance(field, forms.IntegerField):
        return [_integer_validator(label, field)]
    return []


class TextHygieneMixin:
    """Checks every field of the form, whichever way it was added (declared, or in
    ``__init__`` as rows, captions or corrections are): the text fields for control
    characters and line breaks, the dates for 2000–2100, the whole numbers for the range of a
    database ``integer``. A failed check is the field's error, in Chinese, naming the field."""

    def full_clean(self):
        for name, field in self.fields.items():
            if not getattr(field, "_hygiene", False):
                # NUL is one of the control characters: one message, naming field and character,
                # instead of Django's own besides.
                kept = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                field.validators = [*kept, *_guards(name, field)]
                field._hygiene = True
        super().full_clean()


class Form(TextHygieneMixin, forms.Form):
    """The base of every form of openday."""


class ModelForm(TextHygieneMixin, forms.ModelForm):
    """The base of every model form of openday."""
