"""Celery tasks about people and kommuner, and the fan-out helper for per-kommun periodic work."""

from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tenants.utils import tenant_context

from .models import Invitation, Kommun


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(self, invitation_id: int, link: str) -> None:
    """Send the invitation e-mail (runs after the invitation is committed)."""
    invitation = Invitation.objects.select_related("kommun", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.state != Invitation.State.OPEN:
        return
    with translation.override("sv"):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("tenants/email/invitation_subject.txt", context).strip()
        body = render_to_string("tenants/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def fan_out_per_kommun(task, *args, kommuner=None, **kwargs) -> list:
    """Send `task` once per kommun, each inside that kommun's schema, so each runs there.

    Periodic per-kommun work calls this from a public-schema task (beat runs in public).
    Returns the AsyncResults in kommun order.
    """
    results = []
    for kommun in kommuner if kommuner is not None else Kommun.objects.active():
        with tenant_context(kommun):
            results.append(task.apply_async(args=args, kwargs=kwargs))
    return results
