"""Who may do what, where. The single place that answers access questions.

A person's memberships are read once per request and kept on the user object,
so the checks below cost no further queries (the sites of the förvaltning and ledning,
who read every kommun, cost one).
"""

from django.http import Http404

from . import rows
from .models import CONSORTIUM_ROLES, KOMMUN_ROLES, Kommun, Membership, Role, User
from .swedish import COLLATION, sort_key

_CACHE_ATTR = "_platform_memberships"
_SITES_ATTR = "_platform_sites"
# Every page reads them (tenants.rows: the composed queryset cost several times the query), in Swedish order.
_MEMBERSHIPS = (
    f"SELECT {rows.columns('m', Membership)}, {rows.columns('k', Kommun)} FROM {Membership._meta.db_table} m "
    f'JOIN {Kommun._meta.db_table} k ON k.id = m.kommun_id WHERE m.user_id = %s ORDER BY k.name COLLATE "{COLLATION}"'
)


def memberships(user: User) -> list[Membership]:
    """The user's memberships with their kommuner, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = rows.instances(_MEMBERSHIPS, [user.pk], Membership, "kommun", Kommun)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: User) -> None:
    """Drop the cached memberships (after a role change in the same request)."""
    for attr in (_CACHE_ATTR, _SITES_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def consortium_role(user: User) -> str | None:
    """'forvaltning' or 'ledning' when the user holds one in the consortium, else None."""
    for membership in memberships(user):
        if membership.kommun.is_consortium and membership.role in CONSORTIUM_ROLES:
            return membership.role
    return None


def kommun_role(user: User, kommun: Kommun) -> str | None:
    """The user's own role in this kommun (kontakt, arkivarie), else None."""
    for membership in memberships(user):
        if membership.kommun_id == kommun.pk:
            return membership.role
    return None


def is_forvaltning(user: User) -> bool:
    return consortium_role(user) == Role.FORVALTNING


def can_read_kommun(user: User, kommun: Kommun) -> bool:
    """Members read their kommun; the förvaltning and ledning read every kommun."""
    if kommun.is_consortium:
        return consortium_role(user) is not None
    return kommun_role(user, kommun) is not None or consortium_role(user) is not None


def require_read_kommun(user: User, kommun: Kommun) -> None:
    """404, never 403: another kommun's existence is not revealed by the answer."""
    if not can_read_kommun(user, kommun):
        raise Http404


def can_invite(user: User, kommun: Kommun, role: str | None = None) -> bool:
    """The förvaltning invites anywhere; a kommun's arkivarie invites kommun roles in their own kommun."""
    if is_forvaltning(user):
        return True
    if kommun.is_consortium:
        return False
    return kommun_role(user, kommun) == Role.ARKIVARIE and (role is None or role in KOMMUN_ROLES)


def invitable_roles(user: User, kommun: Kommun) -> list[tuple[str, str]]:
    roles = CONSORTIUM_ROLES if kommun.is_consortium else KOMMUN_ROLES
    return [(role.value, role.label) for role in Role if role in roles and can_invite(user, kommun, role)]


def sites_for_user(user: User) -> list[Kommun]:
    """Every site the person may use: the consortium site first, then kommuner in Swedish alphabetical order.
    The förvaltning and ledning read every kommun the consortium works for, so those are theirs too."""
    cached = getattr(user, _SITES_ATTR, None)
    if cached is not None:
        return cached
    sites = [m.kommun for m in memberships(user)]
    if consortium_role(user) is not None:
        known = {site.pk for site in sites}
        sites += [kommun for kommun in Kommun.objects.active() if kommun.pk not in known]
    sites.sort(key=lambda k: (not k.is_consortium, sort_key(k.name)))
    if getattr(user, "is_authenticated", False):
        setattr(user, _SITES_ATTR, sites)
    return sites


def require_forvaltning(user: User) -> None:
    """The förvaltning's pages and writes: everyone else (ledning too) gets 404, never 403."""
    if not is_forvaltning(user):
        raise Http404


def require_consortium_reader(user: User) -> None:
    """The förvaltning and ledning read the cross-kommun pages; nobody else learns they exist."""
    if consortium_role(user) is None:
        raise Http404


def can_manage_people(user: User, kommun: Kommun) -> bool:
    """The förvaltning manages everyone's roles; a kommun's arkivarie manages their own kommun's people."""
    if is_forvaltning(user):
        return True
    return not kommun.is_consortium and kommun_role(user, kommun) == Role.ARKIVARIE


def require_manage_people(user: User, kommun: Kommun) -> None:
    if not can_manage_people(user, kommun):
        raise Http404


def manageable_roles(user: User, kommun: Kommun) -> list[tuple[str, str]]:
    """The roles a manager may give here: kommun roles in a kommun, consortium roles on the consortium's site."""
    if not can_manage_people(user, kommun):
        return []
    roles = CONSORTIUM_ROLES if kommun.is_consortium else KOMMUN_ROLES
    return [(role.value, role.label) for role in Role if role in roles]
