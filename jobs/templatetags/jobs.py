"""`{{ obj|waiting_to_start:"task.name" }}`: the job for `obj` is saved but no worker has started it yet."""

from django import template
from django.db import connection

from jobs.models import Job

register = template.Library()


@register.filter
def waiting_to_start(obj, task_name: str) -> bool:
    return Job.objects.filter(
        schema_name=connection.schema_name, task=task_name, object_id=obj.pk, state=Job.State.PENDING
    ).exists()
