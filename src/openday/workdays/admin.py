from django.contrib import admin, messages

from openday.workdays.arrangement_file import library_conflict
from openday.workdays.models import HolidayArrangement
from openday.workdays.services import holiday_arrangement_delete, holiday_arrangement_save

_WEEKDAYS = "一二三四五六日"


@admin.register(HolidayArrangement)
class HolidayArrangementAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "is_workday", "name", "note"]
    list_filter = ["is_workday"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    fields = ["date", "is_workday", "name", "note"]

    @admin.display(description="星期", ordering="date")
    def weekday(self, obj: HolidayArrangement) -> str:
        return f"星期{_WEEKDAYS[obj.date.weekday()]}"

    def save_model(self, request, obj, form, change):
        holiday_arrangement_save(actor=request.user, arrangement=obj)
        conflict = library_conflict(obj.date, obj.is_workday)
        if conflict:
            messages.warning(request, f"{conflict}；已保存，请核对。")

    def delete_model(self, request, obj):
        holiday_arrangement_delete(actor=request.user, arrangement=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            holiday_arrangement_delete(actor=request.user, arrangement=obj)
