"""How every form is drawn and how its errors are told, on every staff page.

- ``FormRenderer`` (``settings.FORM_RENDERER``): one field template for all forms
  (``{{ form.field.as_field_group }}``), found through the project's template settings.
- ``add_domain_error``: a service's ``DomainError`` back onto the field it names.
- ``error_items``: the errors of a page's forms and formsets for the summary at its top, each
  linked to its field (``includes/error_summary.html``).

Neutral: Django forms only, no models, no services.
"""

from dataclasses import dataclass

from django import forms
from django.forms.renderers import TemplatesSetting

from openday.core.errors import DomainError

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
