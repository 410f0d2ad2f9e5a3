"""The admin: party data is editable; fixed models and issued statements are read-only (and cannot be deleted)."""

from django.contrib import admin

from .models import BillingParty, CostLine, CostModel, NumberSeries, Statement, StatementLine


@admin.register(BillingParty)
class BillingPartyAdmin(admin.ModelAdmin):
    list_display = ["kommun", "orgnr", "buyer_reference", "city"]
    search_fields = ["kommun__name", "orgnr"]


class LockedInline(admin.TabularInline):
    extra = 0

    def _locked(self, obj) -> bool:
        return obj is not None and obj.was_locked()

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj)


class CostLineInline(LockedInline):
    model = CostLine


class StatementLineInline(LockedInline):
    model = StatementLine


class LockedAdmin(admin.ModelAdmin):
    """Changes go through the pages and services; a locked row is shown, never changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.was_locked()

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.was_locked()


@admin.register(CostModel)
class CostModelAdmin(LockedAdmin):
    list_display = ["name", "year", "state", "fixed_at"]
    list_filter = ["state", "year"]
    readonly_fields = ["state", "replaces", "fixed_at", "fixed_by", "created_by"]
    inlines = [CostLineInline]


@admin.register(Statement)
class StatementAdmin(LockedAdmin):
    list_display = ["number", "kind", "kommun", "year", "period", "status", "gross"]
    list_filter = ["kind", "status", "year", "period"]
    search_fields = ["number", "kommun__name"]
    readonly_fields = [f.name for f in Statement._meta.fields]
    inlines = [StatementLineInline]


@admin.register(NumberSeries)
class NumberSeriesAdmin(admin.ModelAdmin):
    list_display = ["year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
