"""The audit trail is append-only: no service, model call or SQL statement can change or remove it."""

import pytest
from django.db import connection, transaction
from django.db.utils import InternalError

from tenants.audit import audit_record
from tenants.models import AuditEvent


def test_audit_record_keeps_who_what_where(lund, arkivarie_lund):
    event = audit_record(actor=arkivarie_lund, action="test.action", obj=lund, kommun=lund, details={"a": 1})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_email, stored.action, stored.kommun) == (
        arkivarie_lund,
        arkivarie_lund.email,
        "test.action",
        lund,
    )
    assert stored.object_type == "tenants.kommun"
    assert stored.object_id == str(lund.pk)


def test_audit_event_cannot_be_changed_or_deleted(lund):
    event = audit_record(actor=None, action="test.action", kommun=lund)
    event.action = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_database_refuses_update_and_delete_of_audit_rows(lund):
    event = audit_record(actor=None, action="test.action", kommun=lund)
    for sql in (
        "UPDATE tenants_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM tenants_auditevent WHERE id = %s",
    ):
        with pytest.raises(InternalError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.action"
