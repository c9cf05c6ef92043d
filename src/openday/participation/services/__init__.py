"""Participation's workflows, one module per entity (see each module's docstring):
``signups`` (settings, sign-up, cancel, check-in), ``opinions`` (post, moderate, reply),
``questionnaires`` (builder, open and close, invitation codes, answers) and ``retention``
(how long personal data is kept, and its purge)."""

from openday.participation.services.opinions import (
    OpinionInput,
    opinion_hide,
    opinion_mark_duplicate,
    opinion_post,
    opinion_publish,
    opinion_reply,
)
from openday.participation.services.questionnaires import (
    AnswerInput,
    QuestionInput,
    QuestionnaireInput,
    answer_submit,
    invitations_generate,
    question_add,
    question_delete,
    question_move,
    question_update,
    questionnaire_close,
    questionnaire_create,
    questionnaire_open,
    questionnaire_update,
)
from openday.participation.services.retention import (
    PurgeResult,
    purge_expired_personal_data,
    retention_set,
)
from openday.participation.services.signups import (
    SignupInput,
    SignupResult,
    signup_cancel,
    signup_check_in,
    signup_create,
    signup_settings_save,
)

__all__ = [
    "AnswerInput",
    "OpinionInput",
    "PurgeResult",
    "QuestionInput",
    "QuestionnaireInput",
    "SignupInput",
    "SignupResult",
    "answer_submit",
    "invitations_generate",
    "opinion_hide",
    "opinion_mark_duplicate",
    "opinion_post",
    "opinion_publish",
    "opinion_reply",
    "purge_expired_personal_data",
    "question_add",
    "question_delete",
    "question_move",
    "question_update",
    "questionnaire_close",
    "questionnaire_create",
    "questionnaire_open",
    "questionnaire_update",
    "retention_set",
    "signup_cancel",
    "signup_check_in",
    "signup_create",
    "signup_settings_save",
]
