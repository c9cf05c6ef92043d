"""Staff URLs of declarations, included under ``staff/``: ``declarations:<entity>-<action>``."""

from django.urls import path, register_converter

from openday.declarations import views


class DeclarationFormatConverter:
    regex = "xlsx|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DeclarationFormatConverter, "declfmt")

_BASE = "campaigns/<slug:slug>/declarations/"
urlpatterns = [
    path(_BASE, views.declaration_list, name="declaration-list"),
    path(f"{_BASE}window/", views.window_edit, name="window-edit"),
    path(f"{_BASE}declarations.xlsx", views.declaration_export_all, name="declaration-export-all"),
    path(f"{_BASE}units/<int:unit_id>/", views.declaration_edit, name="declaration-edit"),
    path(f"{_BASE}<int:pk>/", views.declaration_detail, name="declaration-detail"),
    path(
        f"{_BASE}<int:pk>/declaration.<declfmt:fmt>",
        views.declaration_export,
        name="declaration-export",
    ),
    path(f"{_BASE}<int:pk>/stamp/", views.declaration_stamp, name="declaration-stamp"),
    path(f"{_BASE}<int:pk>/<slug:action>/", views.declaration_review, name="declaration-review"),
    path(f"{_BASE}plan/", views.plan_review, name="plan-review"),
    path(f"{_BASE}plan/compile/", views.plan_compile, name="plan-compile"),
    path(f"{_BASE}plan/publish/", views.plan_publish, name="plan-publish"),
    path(f"{_BASE}merges/", views.merge_create, name="merge-create"),
    path(f"{_BASE}merges/<int:pk>/undo/", views.merge_delete, name="merge-delete"),
]
