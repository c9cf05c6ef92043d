from django.contrib import admin

from openday.campaigns.models import Campaign, CampaignForm, CampaignRules


class CampaignFormInline(admin.TabularInline):
    model = CampaignForm
    extra = 1
    fields = ["position", "name", "kind", "description"]


class CampaignRulesInline(admin.StackedInline):
    model = CampaignRules
    can_delete = False
    fieldsets = [
        (
            "期限",
            {
                "fields": [
                    ("filing_lead_days", "filing_lead_working"),
                    ("report_due_days", "report_due_working"),
                    ("publicity_due_days", "publicity_due_working"),
                    "remind_before_workdays",
                ]
            },
        ),
        ("现场要求", {"fields": ["min_staff", "banner_templates", "site_requirements"]}),
        (
            "主题申报",
            {
                "fields": [
                    "declaration_due_on",
                    "declaration_themes_per_unit",
                    "declaration_required_kinds",
                    "declaration_categories",
                ]
            },
        ),
    ]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "doc_number", "issued_on", "planned_count", "phase"]
    list_filter = ["phase", "year", "region"]
    search_fields = ["title", "doc_number", "slug"]
    readonly_fields = ["content_version", "plan_columns"]
    inlines = [CampaignRulesInline, CampaignFormInline]
    fieldsets = [
        (None, {"fields": ["region", "year", "slug", "phase"]}),
        (
            "通知",
            {
                "fields": [
                    "title",
                    "issuer",
                    "doc_number",
                    "issued_on",
                    "published_on",
                    "planned_count",
                    "document",
                ]
            },
        ),
        (
            "专栏与计划表",
            {"fields": ["column_title", "plan_title", "plan_columns", "content_version"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        # Public pages are cached by content version: any edit here must show there.
        if change:
            obj.content_version += 1
        super().save_model(request, obj, form, change)
