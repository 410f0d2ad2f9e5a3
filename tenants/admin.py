"""The Django admin: read-mostly; the audit trail can be read but never changed."""

from django.contrib import admin

from .models import AuditEvent, Domain, Invitation, Kommun, KommunPopulation, Membership, User


class PopulationInline(admin.TabularInline):
    model = KommunPopulation
    extra = 0


@admin.register(Kommun)
class KommunAdmin(admin.ModelAdmin):
    list_display = ["name", "kommunkod", "subdomain", "status", "is_host"]
    search_fields = ["name", "kommunkod", "subdomain"]
    inlines = [PopulationInline]

    def get_readonly_fields(self, request, obj=None):
        # The schema and its host are fixed at creation (kommun_create / kommun_provision).
        return ["schema_name", "subdomain", "kommunkod"] if obj else []

    def has_add_permission(self, request):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["date_joined", "last_login"]  # set by the platform, never by hand


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "kommun", "role"]
    list_filter = ["role", "kommun"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "kommun", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_email", "action", "object_repr", "kommun"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Domain)
