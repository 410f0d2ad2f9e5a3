"""`{{ obj|waiting_to_start:"task.name" }}`: the job for `obj` is saved but no worker has started it yet."""

from django import template
from django.db import connection
from django.utils.translation import gettext

from jobs.models import Job

register = template.Library()


@register.filter
def waiting_to_start(obj, task_name: str) -> bool:
    return Job.objects.filter(
        schema_name=connection.schema_name, task=task_name, object_id=obj.pk, state=Job.State.PENDING
    ).exists()


@register.filter
def job_refused(obj, task_name: str) -> str:
    """Why the job for `obj` was refused (its kommun has left), in the reader's language; "" when it was not.
    The kommun's own row is left as it was (a write to a departed kommun's schema), so its page tells this."""
    reason = (
        Job.objects.filter(schema_name=connection.schema_name, task=task_name, object_id=obj.pk)
        .filter(state=Job.State.REFUSED)
        .values_list("reason", flat=True)
        .first()
    )
    return gettext(reason) if reason else ""
