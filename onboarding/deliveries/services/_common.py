"""Small helpers shared by the delivery services."""

from django.db import connection as db_connection

from jobs.services import job_enqueue
from tenants.models import Kommun, User


def current_kommun() -> Kommun:
    """The kommun whose schema we are in; the services never run in public."""
    tenant = db_connection.tenant
    if not isinstance(tenant, Kommun) or tenant.is_consortium:
        raise RuntimeError("Connections and deliveries live in a kommun's schema.")
    return tenant


def actor_name(actor: User | None) -> str:
    return actor.get_full_name() if actor is not None else "SkånEarkiv (automatiskt)"


def send_on_commit(task, object_id: int) -> None:
    """Save the job `task(object_id)` in this transaction and send it after commit, in this kommun's schema
    (the worker runs it there). The job row keeps it if the broker is down (jobs.services)."""
    current_kommun()
    job_enqueue(task=task, object_id=object_id)
