"""Sign-in, failed sign-in, MFA and logout in the audit trail; the session bookkeeping every sign-in needs."""

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from tenants.audit import audit_record
from tenants.models import Kommun, Membership

from . import gate
from .middleware import stamp
from .models import SessionRecord


def kommun_of(request, user=None) -> Kommun | None:
    """The kommun whose trail an event of this request belongs to: the kommun of the host, or (on the
    consortium's site) the person's own kommun when they have one."""
    tenant = getattr(request, "tenant", None)
    if isinstance(tenant, Kommun) and not tenant.is_consortium:
        return tenant
    if user is not None and getattr(user, "pk", None):
        membership = Membership.objects.filter(user=user, kommun__kommunkod__isnull=False).select_related("kommun")
        first = membership.order_by("kommun__name").first()
        return first.kommun if first else None
    return None


def _host(request) -> str:
    """The site the event happened on ("" for a request made up by a test client's force_login)."""
    if request is None or "SERVER_NAME" not in request.META and "HTTP_HOST" not in request.META:
        return ""
    return request.get_host()


@receiver(auth_signals.user_logged_in, dispatch_uid="people.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    stamp(request.session)
    gate.remember(request, user)
    if request.session.session_key:
        SessionRecord.objects.update_or_create(session_key=request.session.session_key, defaults={"user": user})
    methods = [record.get("method") for record in get_authentication_records(request, user)]
    audit_record(
        actor=user,
        action="auth.login",
        obj=user,
        kommun=kommun_of(request, user),
        details={"methods": methods, "host": _host(request)},
    )


@receiver(auth_signals.user_logged_out, dispatch_uid="people.logged_out")
def on_logged_out(sender, request, user, **kwargs):
    if user is None or request is None:
        return
    reason = request.session.get("platform.ended_because", "user")
    if request.session.session_key:
        SessionRecord.objects.filter(session_key=request.session.session_key).delete()
    audit_record(
        actor=user,
        action="auth.logout",
        obj=user,
        kommun=kommun_of(request, user),
        details={"reason": reason, "host": _host(request)},
    )


@receiver(auth_signals.user_login_failed, dispatch_uid="people.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    login = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(
        actor=None,
        action="auth.login_failed",
        kommun=kommun_of(request) if request is not None else None,
        details={"login": login, "host": _host(request)},
    )


def _mfa_event(action: str, request, user, authenticator, **details) -> None:
    audit_record(
        actor=user,
        action=action,
        obj=user,
        kommun=kommun_of(request, user),
        details={"type": authenticator.type if authenticator is not None else "", **details},
    )


@receiver(mfa_signals.authenticator_added, dispatch_uid="people.mfa_added")
def on_mfa_added(sender, request, user, authenticator, **kwargs):
    if request is not None:
        gate.forget(request)
    _mfa_event("mfa.added", request, user, authenticator)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="people.mfa_removed")
def on_mfa_removed(sender, request, user, authenticator, **kwargs):
    if request is not None:
        gate.forget(request)  # the next request asks again whether a factor is left
    _mfa_event("mfa.removed", request, user, authenticator)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="people.mfa_reset_codes")
def on_mfa_codes_reset(sender, request, user, authenticator, **kwargs):
    _mfa_event("mfa.recovery_codes_reset", request, user, authenticator)


@receiver(mfa_signals.authenticator_used, dispatch_uid="people.mfa_used")
def on_mfa_used(sender, request, user, authenticator, reauthenticated=False, passwordless=False, **kwargs):
    _mfa_event("mfa.used", request, user, authenticator, reauthenticated=reauthenticated, passwordless=passwordless)


@receiver(mfa_signals.authentication_failed, dispatch_uid="people.mfa_failed")
def on_mfa_failed(sender, request, user, authenticator=None, **kwargs):
    _mfa_event("mfa.failed", request, user, authenticator)
