"""The Django admin of the platform: behind allauth's login and its TOTP step, and every change audited.

Its own password form is gone (it had no rate limit and no MFA): /admin/login/ sends people to allauth's
login (allauth's `secure_admin_login`), and the admin opens only for staff whose session passed the TOTP
step. Every model registered in it, the platform's and allauth's alike, gets `AuditedAdminMixin`: each
save and delete, inline rows included, is written to the audit trail with the old and the new values.
"""

import json
from datetime import UTC, datetime
from typing import Any

from allauth.account.decorators import secure_admin_login

# allauth keeps the methods a session was authenticated with; it has no public accessor for them.
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from .audit import audit_record
from .models import Kommun

# Shown in the audit trail as changed, never with their values: passwords, hashes, secrets, allauth's MFA data
# (the TOTP secret and recovery codes) and e-mail confirmation keys.
SECRET_NAMES = {"password", "secret", "token"}
SECRET_SUFFIXES = ("_hash", "_secret")
SECRET_FIELDS_OF = {("mfa.authenticator", "data"), ("account.emailconfirmation", "key")}
MASK = "(dold)"


def _is_secret(obj: Model, name: str) -> bool:
    return name in SECRET_NAMES or name.endswith(SECRET_SUFFIXES) or (obj._meta.label_lower, name) in SECRET_FIELDS_OF


def mfa_passed(request: HttpRequest) -> bool:
    """True when this session signed in (or re-authenticated) with the TOTP step, not a password alone."""

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def _next_url(request: HttpRequest) -> str:
    url = request.GET.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("admin:index")


def _after_allauth_login(request: HttpRequest) -> HttpResponse:
    """Signed in through allauth, active and staff (secure_admin_login saw to that): now the TOTP step."""
    if not is_mfa_enabled(request.user):
        messages.info(request, _("Administrationen kräver tvåstegsverifiering. Aktivera den först."))
        return redirect("mfa_activate_totp")
    if not mfa_passed(request):
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': _next_url(request)})}")
    return redirect(_next_url(request))


def snapshot(obj: Model) -> dict[str, Any]:
    """The object's field values as JSON (foreign keys as ids), secrets masked."""
    values = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = value.astimezone(UTC)  # one spelling of a moment, whatever zone the form used
        values[field.name] = MASK if value and _is_secret(obj, field.name) else value
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _stored(obj: Model) -> dict[str, Any] | None:
    """The object as the database has it now (before the admin's save writes the form's values)."""
    if obj.pk is None:
        return None
    stored = type(obj)._base_manager.filter(pk=obj.pk).first()
    return snapshot(stored) if stored is not None else None


def _kommun_of(obj: Model):
    kommun = obj if isinstance(obj, Kommun) else getattr(obj, "kommun", None) or getattr(obj, "tenant", None)
    return kommun if isinstance(kommun, Kommun) and not kommun.is_consortium else None


def _audit_save(request, obj: Model, before: dict | None, parent: Model | None = None) -> None:
    after = snapshot(obj)
    details: dict[str, Any]
    if before is None:
        action, details = "admin.add", {"new": after}
    else:
        changed = {
            name: {"old": before.get(name), "new": value} for name, value in after.items() if before.get(name) != value
        }
        action, details = "admin.change", {"changed": changed}
    if parent is not None:
        details["parent"] = f"{parent._meta.label_lower}:{parent.pk}"
    audit_record(actor=request.user, action=action, obj=obj, kommun=_kommun_of(obj), details=details)


def _audit_delete(request, obj: Model, parent: Model | None = None) -> None:
    details: dict[str, Any] = {"old": snapshot(obj)}
    if parent is not None:
        details["parent"] = f"{parent._meta.label_lower}:{parent.pk}"
    audit_record(actor=request.user, action="admin.delete", obj=obj, kommun=_kommun_of(obj), details=details)


class AuditedAdminMixin:
    """Every save and delete through the admin lands in the audit trail, in the same transaction."""

    def save_model(self, request, obj, form, change):
        before = _stored(obj) if change else None
        super().save_model(request, obj, form, change)
        _audit_save(request, obj, before)

    def delete_model(self, request, obj):
        with transaction.atomic():
            _audit_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                _audit_delete(request, obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows: each added, changed and deleted row is audited on its own, pointing at its parent."""
        before = {f.instance.pk: _stored(f.instance) for f in formset.initial_forms if f.instance.pk is not None}
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:
            _audit_delete(request, obj, parent=form.instance)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _audit_save(request, obj, None, parent=form.instance)
        for obj, _fields in formset.changed_objects:
            _audit_save(request, obj, before.get(obj.pk), parent=form.instance)


class PlatformAdminSite(admin.AdminSite):
    site_header = "SkånEarkiv – administration"
    site_title = "SkånEarkiv"

    def has_permission(self, request):
        return super().has_permission(request) and mfa_passed(request)

    def login(self, request, extra_context=None):
        return secure_admin_login(_after_allauth_login)(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(admin_class.__name__, (AuditedAdminMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
