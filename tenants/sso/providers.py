"""From a site's IdentityProvider row to the allauth app that does the protocol work.

allauth's `openid_connect` and `saml` providers read their configuration from a SocialApp. The apps are built
here in memory from the current site's row (never stored): the adapter hands allauth only the app of the site
the request came to, so an IdP configured for kommun A is unknown on kommun B's site.
"""

from allauth.socialaccount.models import SocialApp
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from tenants.models import Kommun

from .models import IdentityProvider
from .sealing import unseal


class MetadataError(ValueError):
    """The IdP metadata cannot be read, or does not describe the IdP it should."""


def genitive(name: str) -> str:
    """Swedish genitive of a name: Lund -> Lunds, Höganäs -> Höganäs."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def provider_id(kommun: Kommun, protocol: str) -> str:
    """The allauth provider id of the site: SocialAccount rows are per site, so uids of two IdPs never meet."""
    return f"{kommun.schema_name}-{protocol}"


def saml_idp_from_metadata(xml: str, entity_id: str) -> dict:
    """allauth's explicit `idp` settings (entity_id, x509cert, sso_url, slo_url) from IdP metadata XML."""
    if "<!DOCTYPE" in xml.upper():
        raise MetadataError("DOCTYPE")
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml, entity_id=entity_id)
    except Exception as error:  # lxml's and python3-saml's own errors: the förvaltning sees the reason
        raise MetadataError(str(error)[:200]) from error
    idp = parsed.get("idp") or {}
    cert = idp.get("x509cert") or (idp.get("x509certMulti", {}).get("signing") or [""])[0]
    sso_url = idp.get("singleSignOnService", {}).get("url")
    if idp.get("entityId") != entity_id or not cert or not sso_url:
        raise MetadataError("entity")
    result = {"entity_id": entity_id, "x509cert": cert, "sso_url": sso_url}
    if slo := idp.get("singleLogoutService", {}).get("url"):
        result["slo_url"] = slo
    return result


def _saml_settings(idp: IdentityProvider) -> dict:
    if idp.saml_metadata_xml.strip():
        idp_settings = saml_idp_from_metadata(idp.saml_metadata_xml, idp.saml_entity_id)
    else:
        idp_settings = {"entity_id": idp.saml_entity_id, "metadata_url": idp.saml_metadata_url}
    return {
        "idp": idp_settings,
        "attribute_mapping": {"email": [idp.saml_email_attribute], "uid": [idp.saml_email_attribute]},
        "use_nameid_for_email": False,
        "advanced": {
            "strict": True,
            "want_assertion_signed": True,
            "reject_idp_initiated_sso": True,
            "reject_deprecated_algorithm": True,
        },
    }


def social_app(kommun: Kommun, idp: IdentityProvider) -> SocialApp:
    """The (unsaved) allauth app for the site's IdP."""
    name = str(kommun.name)
    if idp.protocol == IdentityProvider.Protocol.OIDC:
        return SocialApp(
            provider="openid_connect",
            provider_id=provider_id(kommun, idp.protocol),
            name=name,
            client_id=idp.oidc_client_id,
            secret=unseal(idp.oidc_client_secret),
            settings={"server_url": idp.oidc_issuer, "oauth_pkce_enabled": True, "fetch_userinfo": True},
        )
    return SocialApp(
        provider="saml", provider_id=provider_id(kommun, idp.protocol), name=name, client_id=kommun.schema_name,
        settings=_saml_settings(idp),
    )  # fmt: skip


def platform_addresses(site: Kommun) -> dict[str, str]:
    """What the kommun's IT registers at its IdP: the OIDC redirect URI, the SAML SP's metadata and ACS."""
    schema = site.schema_name
    return {
        "oidc_redirect_uri": site.url(f"/accounts/oidc/{provider_id(site, 'oidc')}/login/callback/"),
        "saml_metadata": site.url(f"/accounts/saml/{schema}/metadata/"),
        "saml_acs": site.url(f"/accounts/saml/{schema}/acs/"),
    }
