"""Every staff URL, under ``/staff/``, in the one ``staff`` namespace (``staff:<entity>-<action>``).

The page after login is the to-do (``staff:home``; ``LOGIN_REDIRECT_URL``). A campaign's pages
sit under ``campaigns/<slug>/``: its activities (``activities/``, with the campaign's materials
and statistics), its declarations (``declarations/``) and the import of its plan. The pages of
filing, the notice and the report answer at the action's own URL (``staff:activity-transition``
with ``file``, ``announce``, ``report``), so they come before it.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from openday.core.converters import register_converters
from openday.workbench.views import (
    account,
    audit,
    auth,
    campaigns,
    holidays,
    imports,
    people,
    plan_rows,
    reminders,
    reports,
    rules,
    todo,
    units,
    website,
)
from openday.workbench.views import assessment as assessment_views
from openday.workbench.views import comparison as comparison_views
from openday.workbench.views import dashboard as dashboard_views
from openday.workbench.views import evidence as evidence_views
from openday.workbench.views import experiences as experience_views
from openday.workbench.views import participation as participation_views
from openday.workbench.views import questionnaires as questionnaire_views
from openday.workbench.views import year as year_views
from openday.workbench.views import year_summary as year_summary_views
from openday.workbench.views.activities import (
    corrections,
    detail,
    files,
    materials,
    pages,
    parts,
)
from openday.workbench.views.declarations import downloads, edit, lists, plan, review, window

register_converters()

app_name = "staff"

# Under ``campaigns/<slug>/activities/``.
activity_urls = [
    path("materials/", materials.campaign_materials, name="campaign-materials"),
    path("materials/logo/", materials.campaign_logo, name="campaign-logo"),
    path(
        "materials/banner/<int:unit_id>.<bannerfmt:fmt>",
        reports.campaign_banner,
        name="campaign-banner",
    ),
    path("statistics.xlsx", reports.statistics_campaign, name="statistics-campaign"),
    path("statistics/units/<int:unit_id>.xlsx", reports.statistics_unit, name="statistics-unit"),
    path(
        "monthly/<int:year>-<twodigitmonth:month>/",
        reports.campaign_monthly,
        name="campaign-monthly",
    ),
    path(
        "monthly/<int:year>-<twodigitmonth:month>.docx",
        reports.campaign_monthly_docx,
        name="campaign-monthly-docx",
    ),
    path("<activityref:seq>/", detail.activity_detail, name="activity-detail"),
    path("<activityref:seq>/file/", pages.activity_file_page, name="activity-file"),
    path("<activityref:seq>/announce/", pages.activity_announce_page, name="activity-announce"),
    path("<activityref:seq>/report/", pages.activity_report_page, name="activity-report"),
    path(
        "<activityref:seq>/filings/<int:filing_id>/document/",
        files.activity_filing_document,
        name="activity-filing-document",
    ),
    path(
        "<activityref:seq>/photos/<int:photo_id>/<photosize:size>/",
        files.activity_photo,
        name="activity-photo",
    ),
    path(
        "<activityref:seq>/attachments/<int:attachment_id>/",
        files.activity_attachment,
        name="activity-attachment",
    ),
    path("<activityref:seq>/video/", files.activity_video, name="activity-video"),
    # --- review, withdrawal, correction, 督办 ---
    path(
        "<activityref:seq>/notice/approve/",
        corrections.notice_approve,
        name="activity-notice-approve",
    ),
    path(
        "<activityref:seq>/notice/return/", corrections.notice_return, name="activity-notice-return"
    ),
    path(
        "<activityref:seq>/notice/withdraw/",
        corrections.notice_withdraw,
        name="activity-notice-withdraw",
    ),
    path(
        "<activityref:seq>/notice/correct/",
        corrections.notice_correct,
        name="activity-notice-correct",
    ),
    path(
        "<activityref:seq>/report/withdraw/",
        corrections.report_withdraw,
        name="activity-report-withdraw",
    ),
    path(
        "<activityref:seq>/report/correct/",
        corrections.report_correct,
        name="activity-report-correct",
    ),
    path("<activityref:seq>/report/photos/", corrections.report_photos, name="activity-photos"),
    path("<activityref:seq>/urge/", corrections.activity_urge, name="activity-urge"),
    path("<activityref:seq>/part-mode/", parts.part_mode, name="activity-part-mode"),
    path(
        "<activityref:seq>/experience/",
        experience_views.activity_experience,
        name="activity-experience",
    ),
    path(
        "<activityref:seq>/<slug:action>/", detail.activity_transition, name="activity-transition"
    ),
]

# Under ``campaigns/<slug>/participation/`` (报名与留言).
participation_urls = [
    path("", participation_views.participation_overview, name="participation-overview"),
    path("retention/", participation_views.retention_edit, name="participation-retention"),
    path("opinions/", participation_views.opinion_list, name="opinion-list"),
    path("opinions/<int:pk>/", participation_views.opinion_detail, name="opinion-detail"),
    path(
        "opinions/<int:pk>/<slug:action>/",
        participation_views.opinion_action,
        name="opinion-action",
    ),
    path(
        "<activityref:seq>/",
        participation_views.participation_activity,
        name="participation-activity",
    ),
    path(
        "<activityref:seq>/settings/",
        participation_views.signup_settings_edit,
        name="signup-settings",
    ),
    path("<activityref:seq>/checkin/", participation_views.signup_check_in, name="signup-checkin"),
    path(
        "<activityref:seq>/signups.xlsx",
        participation_views.signups_export,
        name="signups-export",
    ),
    # 问卷调查 / 满意度评价
    path("questionnaires/", questionnaire_views.questionnaire_list, name="questionnaire-list"),
    path(
        "questionnaires/new/",
        questionnaire_views.questionnaire_create,
        name="questionnaire-create",
    ),
    path(
        "questionnaires/<int:pk>/",
        questionnaire_views.questionnaire_detail,
        name="questionnaire-detail",
    ),
    path(
        "questionnaires/<int:pk>/edit/",
        questionnaire_views.questionnaire_edit,
        name="questionnaire-edit",
    ),
    path(
        "questionnaires/<int:pk>/state/<slug:action>/",
        questionnaire_views.questionnaire_transition,
        name="questionnaire-transition",
    ),
    path(
        "questionnaires/<int:pk>/questions/new/",
        questionnaire_views.question_new,
        name="question-add",
    ),
    path(
        "questionnaires/<int:pk>/questions/<int:qid>/",
        questionnaire_views.question_edit,
        name="question-edit",
    ),
    path(
        "questionnaires/<int:pk>/questions/<int:qid>/<slug:action>/",
        questionnaire_views.question_action,
        name="question-action",
    ),
    path(
        "questionnaires/<int:pk>/invitations/",
        questionnaire_views.questionnaire_invitations,
        name="questionnaire-invitations",
    ),
    path(
        "questionnaires/<int:pk>/results/",
        questionnaire_views.questionnaire_results_view,
        name="questionnaire-results",
    ),
    path(
        "questionnaires/<int:pk>/answers.xlsx",
        questionnaire_views.questionnaire_export,
        name="questionnaire-export",
    ),
]

# Under ``campaigns/<slug>/declarations/``.
declaration_urls = [
    path("", lists.declaration_list, name="declaration-list"),
    path("window/", window.window_edit, name="window-edit"),
    path("declarations.xlsx", downloads.declaration_export_all, name="declaration-export-all"),
    path("units/<int:unit_id>/", edit.declaration_edit, name="declaration-edit"),
    path("<int:pk>/", review.declaration_detail, name="declaration-detail"),
    path(
        "<int:pk>/declaration.<declfmt:fmt>",
        downloads.declaration_export,
        name="declaration-export",
    ),
    path("<int:pk>/stamp/", downloads.declaration_stamp, name="declaration-stamp"),
    path("<int:pk>/<slug:action>/", review.declaration_review, name="declaration-review"),
    path("plan/", plan.plan_review, name="plan-review"),
    path("plan/compile/", plan.plan_compile, name="plan-compile"),
    path("plan/publish/", plan.plan_publish, name="plan-publish"),
    path("merges/", plan.merge_create, name="merge-create"),
    path("merges/<int:pk>/undo/", plan.merge_delete, name="merge-delete"),
]

urlpatterns = [
    path("login/", auth.StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", todo.todo, name="home"),
    # --- campaigns ---------------------------------------------------------------------------
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", imports.campaign_new, name="campaign-new"),
    path("campaigns/<slug:slug>/", campaigns.campaign_detail, name="campaign-detail"),
    path(
        "campaigns/<slug:slug>/plan.<exportfmt:fmt>",
        campaigns.campaign_plan_export,
        name="campaign-plan-export",
    ),
    path("campaigns/<slug:slug>/import-plan/", imports.plan_import_page, name="plan-import"),
    path("campaigns/<slug:slug>/activities/", include(activity_urls)),
    path("campaigns/<slug:slug>/declarations/", include(declaration_urls)),
    # --- the year ----------------------------------------------------------------------------
    path(
        "campaigns/<slug:slug>/publish/",
        year_views.campaign_publish_view,
        name="campaign-publish",
    ),
    path("campaigns/<slug:slug>/close/", year_views.campaign_close_view, name="campaign-close"),
    path("campaigns/<slug:slug>/copy/", year_views.campaign_copy_view, name="campaign-copy"),
    # --- campaign rules and plan rows ---
    path("campaigns/<slug:slug>/rules/", rules.campaign_rules, name="campaign-rules"),
    path("campaigns/<slug:slug>/facts/", rules.campaign_facts, name="campaign-facts"),
    path("campaigns/<slug:slug>/plan/rows/new/", plan_rows.plan_row_add, name="plan-row-add"),
    path(
        "campaigns/<slug:slug>/plan/rows/<int:seq>/", plan_rows.plan_row_edit, name="plan-row-edit"
    ),
    path(
        "campaigns/<slug:slug>/plan/rows/<int:seq>/remove/",
        plan_rows.plan_row_remove,
        name="plan-row-remove",
    ),
    # --- participation: sign-ups, opinions, retention ---
    path("campaigns/<slug:slug>/participation/", include(participation_urls)),
    # --- statistics, the regions compared, the assessment ---
    path(
        "campaigns/<slug:slug>/dashboard/",
        dashboard_views.campaign_dashboard_view,
        name="campaign-dashboard",
    ),
    path(
        "campaigns/<slug:slug>/assessment/",
        assessment_views.campaign_assessment_view,
        name="campaign-assessment",
    ),
    path(
        "campaigns/<slug:slug>/evidence.zip",
        evidence_views.campaign_evidence,
        name="campaign-evidence",
    ),
    path(
        "regions/<slug:region_slug>/comparison/",
        comparison_views.region_comparison_view,
        name="region-comparison",
    ),
    # --- typical experiences, the year-end summary ---
    path(
        "regions/<slug:region_slug>/experiences/",
        experience_views.region_experiences,
        name="region-experiences",
    ),
    path(
        "campaigns/<slug:slug>/year-summary/",
        year_summary_views.campaign_year_summary,
        name="campaign-year-summary",
    ),
    # --- the audit log -----------------------------------------------------------------------
    path("audit/", audit.audit_list, name="audit-list"),
    path("audit/export.csv", audit.audit_export, name="audit-export"),
    # --- reminders ---------------------------------------------------------------------------
    path("inbox/", reminders.inbox, name="inbox"),
    path("inbox/unread.json", reminders.unread, name="unread"),
    path("inbox/<int:pk>/read/", reminders.mark_read, name="mark-read"),
    path("inbox/read-all/", reminders.mark_all_read, name="mark-all-read"),
    path("inbox/settings/", reminders.preferences, name="preferences"),
    path("deliveries/", reminders.delivery_list, name="delivery-list"),
    path("deliveries/<int:pk>/retry/", reminders.delivery_retry_view, name="delivery-retry"),
    path(
        "regions/<slug:region_slug>/notification-settings/",
        reminders.office_settings_view,
        name="office-settings",
    ),
    # --- the office's own units and people ---
    path("regions/<slug:region_slug>/units/", units.unit_list, name="unit-list"),
    path("regions/<slug:region_slug>/units/new/", units.unit_create, name="unit-create"),
    path("regions/<slug:region_slug>/units/<int:unit_id>/", units.unit_edit, name="unit-edit"),
    path(
        "regions/<slug:region_slug>/units/<int:unit_id>/active/",
        units.unit_active,
        name="unit-active",
    ),
    path(
        "regions/<slug:region_slug>/units/<int:unit_id>/merge/",
        units.unit_merge,
        name="unit-merge",
    ),
    path("regions/<slug:region_slug>/people/", people.person_list, name="person-list"),
    path("regions/<slug:region_slug>/people/new/", people.person_create, name="person-create"),
    path(
        "regions/<slug:region_slug>/people/<int:user_id>/",
        people.person_detail,
        name="person-detail",
    ),
    path(
        "regions/<slug:region_slug>/people/<int:user_id>/password/",
        people.person_password_reset,
        name="person-password-reset",
    ),
    path(
        "regions/<slug:region_slug>/people/<int:user_id>/active/",
        people.person_active,
        name="person-active",
    ),
    path(
        "regions/<slug:region_slug>/holidays/notice/",
        holidays.holiday_notice,
        name="holiday-notice",
    ),
    path(
        "regions/<slug:region_slug>/website/",
        website.region_website_edit,
        name="region-website",
    ),
    path("account/password/", account.password_change, name="account-password"),
    path(
        "account/set-password/<uidb64>/<token>/",
        account.SetPasswordView.as_view(),
        name="account-set-password",
    ),
]
