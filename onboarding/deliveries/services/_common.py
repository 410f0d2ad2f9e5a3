"""Small helpers shared by the delivery services."""

from django.db import connection as db_connection
from django.db import transaction
from django_tenants.utils import tenant_context

from tenants.models import Kommun, User


def current_kommun() -> Kommun:
    """The kommun whose schema we are in; the services never run in public."""
    tenant = db_connection.tenant
    if not isinstance(tenant, Kommun) or tenant.is_consortium:
        raise RuntimeError("Connections and deliveries live in a kommun's schema.")
    return tenant


def actor_name(actor: User | None) -> str:
    return actor.get_full_name() if actor is not None else "SkånEarkiv (automatiskt)"


def send_on_commit(task, *args) -> None:
    """Send `task` after commit, in this kommun's schema (the worker runs it there).

    The schema is captured now: when the callback runs, the connection may be back in public.
    """
    kommun = current_kommun()

    def send():
        with tenant_context(kommun):
            task.delay(*args)

    transaction.on_commit(send)
