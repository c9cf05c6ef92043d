from django.contrib import admin

from openday.declarations.models import (
    Declaration,
    DeclarationItem,
    DeclarationMerge,
    DeclarationWindow,
)


class DeclarationItemInline(admin.TabularInline):
    model = DeclarationItem
    extra = 0
    fields = ["seq", "title", "month_start", "month_end", "form_text", "category", "merged_into"]
    readonly_fields = ["merged_into"]


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "state", "submitted_at"]
    list_filter = ["campaign", "state"]
    search_fields = ["unit__name", "items__title"]
    list_select_related = ["unit", "campaign__region"]
    inlines = [DeclarationItemInline]


@admin.register(DeclarationWindow)
class DeclarationWindowAdmin(admin.ModelAdmin):
    list_display = ["campaign", "closes_on", "requires_stamp", "opened_at"]


@admin.register(DeclarationMerge)
class DeclarationMergeAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "month_start", "month_end"]
    list_filter = ["campaign"]
