from django.contrib import admin

from openday.orgs.models import Account, Membership, Office, Region, Unit, UnitAlias
from openday.orgs.names import unit_key
from openday.orgs.services import region_names


class OfficeInline(admin.StackedInline):
    model = Office
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "level", "kind", "parent", "slug"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "full_name", "slug"]
    inlines = [OfficeInline]

    def get_readonly_fields(self, request, obj=None):
        # The tree's materialised path follows the parent; moving a region is not supported.
        return ["parent", "path"] if obj else ["path"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            parent_path = obj.parent.path if obj.parent else "/"
            obj.path = f"{parent_path}{obj.pk}/"
            obj.save(update_fields=["path"])


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1
    fields = ["alias"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    search_fields = ["name", "aliases__alias"]
    inlines = [UnitAliasInline]

    def save_formset(self, request, form, formset, change):
        aliases = formset.save(commit=False)
        for alias in aliases:
            alias.region = form.instance.region
            alias.key = unit_key(alias.alias, region_names(alias.region))
            alias.save()
        for deleted in formset.deleted_objects:
            deleted.delete()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "unit"]
    list_filter = ["role", "region"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["user", "must_change_password"]
    list_filter = ["must_change_password"]
    search_fields = ["user__username"]
