"""Reads that carry rules: a kommun's package builds, scoped to who may see them (404 otherwise)."""

from django.http import Http404

from tenants import access
from tenants.models import Kommun, User

from .models import PackageBuild


def package_build_get(*, user: User, kommun: Kommun, pk: int) -> PackageBuild:
    """One build of this kommun that the user may read; 404 otherwise."""
    access.require_read_kommun(user, kommun)
    build = PackageBuild.objects.select_related("connection__system", "agreement", "delivery").filter(pk=pk).first()
    if build is None:
        raise Http404
    return build


def package_builds_of(*, user: User, kommun: Kommun, connection_id: int) -> list[PackageBuild]:
    """The connection's builds, latest first."""
    access.require_read_kommun(user, kommun)
    return list(PackageBuild.objects.filter(connection_id=connection_id).order_by("-created_at", "-id")[:20])
