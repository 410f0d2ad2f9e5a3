"""Reads about sign-in through identity providers: which IdP a site trusts, who may configure them."""

from django.shortcuts import get_object_or_404

from tenants import access
from tenants.models import Kommun, User
from tenants.swedish import sort_key

from .models import IdentityProvider

_ATTR = "_sso_identity_provider"


def identity_provider_of(site: Kommun) -> IdentityProvider | None:
    """The site's IdP, read once per Kommun object (the request's tenant is one object per request)."""
    if not hasattr(site, _ATTR):
        setattr(site, _ATTR, IdentityProvider.objects.filter(kommun=site).first())
    return getattr(site, _ATTR)


def sites_for_configuration(*, user: User) -> list[Kommun]:
    """Every site with its IdP (`site.idp`, or None): the consortium first, then the kommuner. Förvaltning only."""
    access.require_forvaltning(user)
    sites = list(Kommun.objects.select_related("identity_provider"))
    for site in sites:
        site.sso_idp = getattr(site, "identity_provider", None)
        setattr(site, _ATTR, site.sso_idp)
    sites.sort(key=lambda k: (not k.is_consortium, sort_key(k.name)))
    return sites


def site_for_configuration(*, user: User, pk: int) -> Kommun:
    """One site whose IdP the förvaltning configures; 404 for everyone else and for an unknown site."""
    access.require_forvaltning(user)
    return get_object_or_404(Kommun, pk=pk)


def password_login_closed_site(*, user: User, site: Kommun) -> Kommun | None:
    """The site whose IdP forbids this person a password login, if any: the site they log in on, or one of their
    own memberships (else a person whose kommun requires SSO could log in with a password elsewhere)."""
    candidates = [site, *(m.kommun for m in access.memberships(user))]
    closed = {
        idp.kommun_id
        for idp in IdentityProvider.objects.filter(kommun__in=[k.pk for k in candidates], password_login_allowed=False)
    }
    return next((k for k in candidates if k.pk in closed), None)
