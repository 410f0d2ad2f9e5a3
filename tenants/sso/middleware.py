"""The login page's Content Security Policy lets its SSO button lead to the site's own IdP.

Browsers apply `form-action` to the redirects after a form's submission too: the button POSTs to the platform,
which redirects to the IdP, so the IdP's origin must be allowed on the pages under /accounts/ of a site that
has one (and only of that site). Runs inside django-csp's middleware, which reads `response._csp_update`.
"""

from urllib.parse import urlsplit

from .models import IdentityProvider
from .providers import MetadataError, saml_idp_from_metadata
from .selectors import identity_provider_of


def _origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def idp_origin(idp: IdentityProvider) -> str | None:
    if idp.protocol == IdentityProvider.Protocol.OIDC:
        return _origin(idp.oidc_issuer)
    if idp.saml_metadata_xml.strip():
        try:
            return _origin(saml_idp_from_metadata(idp.saml_metadata_xml, idp.saml_entity_id)["sso_url"])
        except MetadataError:
            return None
    return _origin(idp.saml_metadata_url)


class IdpFormActionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        site = getattr(request, "tenant", None)
        if (
            site is not None
            and request.path_info.startswith("/accounts/")
            and "text/html" in response.get("Content-Type", "")
        ):
            idp = identity_provider_of(site)
            origin = idp_origin(idp) if idp is not None else None
            if origin:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), origin]
                response._csp_update = update
        return response
