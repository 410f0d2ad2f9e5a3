"""Celery tasks of billing: the long writes the förvaltning may start from a page."""

from celery import shared_task

from tenants.models import User


@shared_task
def issue_period(year: int, period: str, actor_id: int | None) -> int:
    """Prepare and issue a period's statements for every participating kommun (public schema)."""
    from .services import statements

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    statements.statements_prepare(year=year, period=period, actor=actor)
    return len(statements.statements_issue_all(year=year, period=period, actor=actor))
