from django.contrib import admin

from openday.campaigns.models import Campaign, CampaignForm


class CampaignFormInline(admin.TabularInline):
    model = CampaignForm
    extra = 1
    fields = ["position", "name", "kind", "description"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "doc_number", "issued_on", "planned_count", "phase"]
    list_filter = ["phase", "year", "region"]
    search_fields = ["title", "doc_number", "slug"]
    readonly_fields = ["content_version", "plan_columns"]
    inlines = [CampaignFormInline]
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
