"""The förvaltning's form for a site's identity provider, and the login form that honours "no passwords here"."""

from allauth.account.forms import LoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import selectors
from .messages import (
    MSG_OIDC_FIELDS,
    MSG_PASSWORD_LOGIN_CLOSED,
    MSG_PASSWORD_NEEDS_IDP,
    MSG_SAML_FIELDS,
    MSG_SAML_METADATA_BAD,
    MSG_SAML_METADATA_NO_ENTITY,
    MSG_SECRET_KEPT,
)
from .models import DEFAULT_EMAIL_ATTRIBUTE, IdentityProvider
from .providers import MetadataError, genitive, saml_idp_from_metadata

NONE = ""
PROTOCOL_CHOICES = [(NONE, _("Ingen – bara lösenord")), *IdentityProvider.Protocol.choices]


class IdentityProviderForm(forms.Form):
    protocol = forms.ChoiceField(label=_("Identitetsleverantör"), choices=PROTOCOL_CHOICES, required=False,
                                 widget=forms.RadioSelect)  # fmt: skip
    oidc_issuer = forms.URLField(label=_("OIDC: utfärdarens adress (issuer)"), required=False, assume_scheme="https")
    oidc_client_id = forms.CharField(label=_("OIDC: klient-id"), max_length=200, required=False)
    oidc_client_secret = forms.CharField(
        label=_("OIDC: klienthemlighet"), max_length=300, required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )  # fmt: skip
    saml_entity_id = forms.CharField(label=_("SAML: IdP:ns entitets-id"), max_length=500, required=False)
    saml_metadata_url = forms.URLField(label=_("SAML: adress till IdP:ns metadata"), required=False,
                                       assume_scheme="https")  # fmt: skip
    saml_metadata_xml = forms.CharField(label=_("SAML: IdP:ns metadata (XML)"), required=False, widget=forms.Textarea,
                                        help_text=_("Klistra in metadatan, eller ange dess adress ovan."))  # fmt: skip
    saml_email_attribute = forms.CharField(label=_("SAML: attribut med e-postadressen"), max_length=200,
                                           required=False, initial=DEFAULT_EMAIL_ATTRIBUTE)  # fmt: skip
    password_login_allowed = forms.BooleanField(label=_("Inloggning med lösenord är också tillåten"), required=False,
                                                initial=True)  # fmt: skip

    def __init__(self, *args, has_secret: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret
        if has_secret:
            self.fields["oidc_client_secret"].help_text = MSG_SECRET_KEPT

    def clean(self):
        data = super().clean()
        protocol = data.get("protocol")
        if protocol == IdentityProvider.Protocol.OIDC:
            secret = data.get("oidc_client_secret") or self.has_secret
            if not (data.get("oidc_issuer") and data.get("oidc_client_id") and secret):
                raise ValidationError(MSG_OIDC_FIELDS)
        elif protocol == IdentityProvider.Protocol.SAML:
            self._clean_saml(data)
        elif not data.get("password_login_allowed"):
            raise ValidationError(MSG_PASSWORD_NEEDS_IDP)
        return data

    def _clean_saml(self, data) -> None:
        xml, entity_id = (data.get("saml_metadata_xml") or "").strip(), (data.get("saml_entity_id") or "").strip()
        if not (entity_id and data.get("saml_email_attribute") and (xml or data.get("saml_metadata_url"))):
            raise ValidationError(MSG_SAML_FIELDS)
        if xml:
            try:
                saml_idp_from_metadata(xml, entity_id)
            except MetadataError as error:
                message = MSG_SAML_METADATA_NO_ENTITY if str(error) == "entity" else MSG_SAML_METADATA_BAD
                raise ValidationError(message, params={"entity_id": entity_id, "reason": error}) from error
        data["saml_metadata_xml"], data["saml_entity_id"] = xml, entity_id


class PlatformLoginForm(LoginForm):
    """allauth's login form, refusing a password where the person's site or kommun signs in through its IdP only."""

    def clean(self):
        cleaned = super().clean()
        user = getattr(self, "user", None)
        site = getattr(self.request, "tenant", None)
        if user is not None and site is not None:
            closed = selectors.password_login_closed_site(user=user, site=site)
            if closed is not None:
                params = {"site": closed.name, "site_genitive": genitive(closed.name)}
                raise ValidationError(MSG_PASSWORD_LOGIN_CLOSED, params=params)
        return cleaned
