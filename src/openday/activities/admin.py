from django.contrib import admin

from openday.activities.models import Activity, ActivityForm, ActivityHost
from openday.campaigns.services import campaign_content_changed


class ActivityFormInline(admin.TabularInline):
    model = ActivityForm
    extra = 0


class ActivityHostInline(admin.TabularInline):
    model = ActivityHost
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["seq", "title", "month_label", "state", "campaign"]
    list_filter = ["campaign", "state", "month_start"]
    search_fields = ["title", "hosts__text"]
    inlines = [ActivityFormInline, ActivityHostInline]
    list_select_related = ["campaign__region"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Public pages are cached by the campaign's content version.
        campaign_content_changed(form.instance.campaign)
