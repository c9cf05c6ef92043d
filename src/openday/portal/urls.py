from django.urls import path

from openday.core.converters import register_converters
from openday.portal import calendar, feeds, participation, questionnaires, sitemaps, views, widget

register_converters()

app_name = "portal"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("column/<slug:slug>/", views.campaign_column, name="campaign-column"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("column/<slug:slug>/feed.xml", feeds.column_feed, name="campaign-feed"),
    path("column/<slug:slug>/calendar/", calendar.campaign_calendar, name="campaign-calendar"),
    path("column/<slug:slug>/calendar.ics", calendar.campaign_ics, name="campaign-ics"),
    path("column/<slug:slug>/widget.js", widget.campaign_widget, name="campaign-widget"),
    path(
        "column/<slug:slug>/units/<int:unit_id>/calendar.ics",
        calendar.unit_ics,
        name="unit-ics",
    ),
    path(
        "column/<slug:slug>/notices/<activityref:seq>/",
        views.activity_notice,
        name="activity-notice",
    ),
    path(
        "column/<slug:slug>/reports/<activityref:seq>/",
        views.activity_report,
        name="activity-report",
    ),
    path(
        "column/<slug:slug>/reports/<activityref:seq>/photos/<int:photo_id>/<photosize:size>/",
        views.report_photo,
        name="report-photo",
    ),
    path(
        "column/<slug:slug>/reports/<activityref:seq>/video/",
        views.report_video,
        name="report-video",
    ),
    # --- participation: sign-up and opinions ---
    path(
        "column/<slug:slug>/activities/<activityref:seq>/signup/",
        participation.signup_form,
        name="signup-form",
    ),
    path(
        "column/<slug:slug>/activities/<activityref:seq>/opinions/",
        participation.activity_opinions,
        name="activity-opinions",
    ),
    path("column/<slug:slug>/opinions/", participation.campaign_opinions, name="campaign-opinions"),
    # --- participation: questionnaires and satisfaction ---
    path(
        "column/<slug:slug>/questionnaires/<int:pk>/",
        questionnaires.questionnaire_form,
        name="questionnaire-form",
    ),
    path(
        "column/<slug:slug>/questionnaires/<int:pk>/activities/<activityref:seq>/",
        questionnaires.questionnaire_activity_form,
        name="questionnaire-activity-form",
    ),
    path(
        "column/<slug:slug>/questionnaires/<int:pk>/thanks/",
        questionnaires.questionnaire_thanks,
        name="questionnaire-thanks",
    ),
    path("signup/cancel/<str:token>/", participation.signup_cancel_page, name="signup-cancel"),
    path("signup/<str:code>/", participation.signup_detail, name="signup-detail"),
]
