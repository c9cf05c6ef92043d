"""Every answer of a questionnaire as a ``Table`` and as .xlsx (问卷答卷明细).

One row per answer, one column per question (in the questionnaire's order): the chosen
choices joined by "；", the rating, or the text; a question the answer did not show or skip
is empty. The satisfaction questionnaire adds the activity each answer rates; a
questionnaire by invitation, the code used and to whom it was given. No phone, no token: the
answers keep only their digests. ``render_xlsx`` (openpyxl) writes a clean copy — control
characters stripped, text never a formula — like every openday table.
"""

from collections import defaultdict

from django.utils import timezone

from openday.participation.models import Questionnaire
from openday.participation.questionnaires_selectors import answers_for_export, questions_of
from openday.reports.renderers import render_xlsx
from openday.reports.tables import Table


def questionnaire_table(questionnaire: Questionnaire) -> Table:
    questions = list(questions_of(questionnaire))
    choice_text = {c.pk: c.text for q in questions for c in q.choices.all()}
    header, widths = ["序号", "提交时间"], [5.0, 12.0]
    if questionnaire.is_satisfaction:
        header, widths = [*header, "评价的活动"], [*widths, 16.0]
    if questionnaire.by_invitation:
        header, widths = [*header, "邀请码", "发放对象"], [*widths, 10.0, 12.0]
    header += [f"{q.position}. {q.text}" for q in questions]
    rows = []
    for number, answer in enumerate(answers_for_export(questionnaire), start=1):
        cells: dict[int, list[str]] = defaultdict(list)
        for item in answer.items.all():
            if item.choice_id is not None:
                cells[item.question_id].append(choice_text.get(item.choice_id, ""))
            elif item.rating is not None:
                cells[item.question_id].append(str(item.rating))
            else:
                cells[item.question_id].append(item.text)
        row = [number, timezone.localtime(answer.created_at).strftime("%Y-%m-%d %H:%M")]
        if questionnaire.is_satisfaction:
            activity = answer.activity
            row.append(f"{activity.ref}. {activity.title}" if activity else "")
        if questionnaire.by_invitation:
            invitation = answer.invitation
            row += [invitation.code, invitation.label] if invitation else ["", ""]
        row += ["；".join(cells.get(q.pk, [])) for q in questions]
        rows.append(row)
    fixed = len(header) - len(questions)
    return Table(
        title=f"{questionnaire.title}答卷明细",
        header=header,
        rows=rows,
        column_widths=widths + [14.0] * len(questions),
        column_align=["center"] * fixed + ["left"] * len(questions),
    )


def questionnaire_xlsx(questionnaire: Questionnaire) -> tuple[bytes, str]:
    """The file's bytes and its name."""
    table = questionnaire_table(questionnaire)
    return render_xlsx(table), f"{table.title}.xlsx"
