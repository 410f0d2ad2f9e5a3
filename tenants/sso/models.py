"""A site's identity provider: how a kommun's (or the consortium's) own staff sign in."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Kommun, User

# The attribute that carries the e-mail address in most Swedish IdPs (eduPersonPrincipalName-style "mail").
DEFAULT_EMAIL_ATTRIBUTE = "urn:oid:0.9.2342.19200300.100.1.3"


class IdentityProvider(models.Model):
    """One identity provider per site (a kommun, or the consortium), configured by the förvaltning.

    The protocol work is allauth's (`openid_connect`, `saml`); this row only says which IdP a site trusts.
    The client secret is stored sealed (tenants/sso/sealing.py) and never rendered again (the form's field is
    write-only).
    """

    class Protocol(models.TextChoices):
        OIDC = "oidc", _("OpenID Connect")
        SAML = "saml", _("SAML 2.0")

    kommun = models.OneToOneField(Kommun, on_delete=models.CASCADE, related_name="identity_provider")
    protocol = models.CharField(_("protokoll"), max_length=4, choices=Protocol.choices)
    oidc_issuer = models.URLField(_("utfärdarens adress (issuer)"), blank=True)
    oidc_client_id = models.CharField(_("klient-id"), max_length=200, blank=True)
    oidc_client_secret = models.CharField(_("klienthemlighet"), max_length=500, blank=True)
    saml_metadata_xml = models.TextField(_("IdP:ns metadata (XML)"), blank=True)
    saml_metadata_url = models.URLField(_("adress till IdP:ns metadata"), blank=True)
    saml_entity_id = models.CharField(_("IdP:ns entitets-id"), max_length=500, blank=True)
    saml_email_attribute = models.CharField(
        _("attribut med e-postadressen"), max_length=200, blank=True, default=DEFAULT_EMAIL_ATTRIBUTE
    )
    password_login_allowed = models.BooleanField(_("inloggning med lösenord tillåten"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("identitetsleverantör")
        verbose_name_plural = _("identitetsleverantörer")
        constraints = [
            models.CheckConstraint(condition=models.Q(protocol__in=["oidc", "saml"]), name="sso_protocol_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kommun} ({self.get_protocol_display()})"

    @property
    def has_secret(self) -> bool:
        return bool(self.oidc_client_secret)
