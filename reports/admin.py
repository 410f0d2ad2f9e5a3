"""Issued reports in the admin: read-only (an issued report is never changed, nor deleted)."""

from django.contrib import admin

from .models import IssuedReport


@admin.register(IssuedReport)
class IssuedReportAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "kommun", "status", "requested_by", "requested_at", "finished_at", "page_count"]
    list_filter = ["kind", "status", "scheduled"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
