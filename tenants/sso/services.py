"""Writes about sign-in through identity providers: the förvaltning's configuration, and who an SSO login admits."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from tenants import access
from tenants.audit import audit_record
from tenants.models import Invitation, Kommun, User
from tenants.services import membership_set_role

from .models import IdentityProvider
from .sealing import seal

CONFIG_FIELDS = [
    "protocol", "oidc_issuer", "oidc_client_id", "saml_metadata_xml", "saml_metadata_url", "saml_entity_id",
    "saml_email_attribute", "password_login_allowed",
]  # fmt: skip


class SsoRefused(Exception):
    """An SSO login that may not enter this site; `reason` says why (for the audit trail and the page)."""

    def __init__(self, reason: str, email: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.email = email


@transaction.atomic
def identity_provider_save(*, kommun: Kommun, actor: User, oidc_client_secret: str = "", **fields) -> IdentityProvider:
    """Set the site's IdP. An empty secret keeps the stored one; the audit never holds the secret."""
    idp = IdentityProvider.objects.select_for_update().filter(kommun=kommun).first() or IdentityProvider(kommun=kommun)
    for name in CONFIG_FIELDS:
        setattr(idp, name, fields.get(name, getattr(idp, name)))
    if oidc_client_secret:
        idp.oidc_client_secret = seal(oidc_client_secret)
    if idp.protocol != IdentityProvider.Protocol.OIDC:
        idp.oidc_client_secret = ""
    idp.updated_by = actor
    idp.full_clean()
    idp.save()
    details = {name: getattr(idp, name) for name in CONFIG_FIELDS if name != "saml_metadata_xml"}
    details["secret_changed"] = bool(oidc_client_secret)
    audit_record(actor=actor, action="sso.configure", obj=idp, kommun=_audit_kommun(kommun), details=details)
    return idp


@transaction.atomic
def identity_provider_remove(*, kommun: Kommun, actor: User) -> None:
    """The site signs in with passwords only again."""
    idp = IdentityProvider.objects.filter(kommun=kommun).first()
    if idp is not None:
        audit_record(actor=actor, action="sso.remove", obj=idp, kommun=_audit_kommun(kommun))
        idp.delete()


def _audit_kommun(site: Kommun) -> Kommun | None:
    return None if site.is_consortium else site


def _open_invitations(site: Kommun, email: str):
    return Invitation.objects.select_for_update().filter(
        kommun=site, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("created_at")  # fmt: skip


@transaction.atomic
def sso_admit(*, site: Kommun, email: str, user: User | None, full_name: str = "") -> User:
    """Who an SSO login on `site` is. Only people the platform knows: a member of this very site, or someone with
    an open invitation to it (accepted here: account and membership created, audited). Anyone else is refused
    and no account is made. `user` is the person the IdP account is already linked to, if any."""
    email = (email or "").strip().lower()
    if not email:
        raise SsoRefused("no_email")
    if user is None:
        user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        raise SsoRefused("inactive", email)
    if user is not None and access.kommun_role(user, site) is not None:
        return user
    invitation = _open_invitations(site, email).first()
    if invitation is None:
        raise SsoRefused("unknown", email)
    if user is None:
        user = User(email=email, full_name=(full_name or "").strip()[:150])
        user.set_unusable_password()
        user.full_clean()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        audit_record(actor=user, action="user.create", obj=user, kommun=_audit_kommun(site), details={"via": "sso"})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership_set_role(user=user, kommun=site, role=invitation.role, actor=user)
    access.forget(user)
    audit_record(actor=user, action="invitation.accept", obj=invitation, kommun=_audit_kommun(site),
                 details={"via": "sso"})  # fmt: skip
    return user


def sso_audit(*, site: Kommun, action: str, user: User | None = None, details: dict | None = None) -> None:
    """An SSO sign-in ("sso.login") or refusal ("sso.refused") in the audit trail."""
    audit_record(actor=user, action=action, kommun=_audit_kommun(site), details=details or {})
