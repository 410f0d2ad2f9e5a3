"""kommun_create and kommun_provision: a kommun gets a schema, a domain and population, or nothing at all."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from tenants import messages
from tenants.messages import MSG_KOMMUNKOD_TAKEN, MSG_POPULATION_INVALID, MSG_SUBDOMAIN_TAKEN
from tenants.models import AuditEvent, Domain, Kommun, KommunPopulation
from tenants.services import kommun_create


def all_schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM information_schema.schemata")
        return {row[0] for row in cursor.fetchall()}


def schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [name])
        return cursor.fetchone() is not None


def messages_of(exc: ValidationError, field: str) -> list[str]:
    return exc.value.message_dict[field]


@pytest.mark.django_db(transaction=True)
def test_kommun_create_makes_schema_domain_population_and_audit(lund):
    kommun = kommun_create(
        kommunkod="1282", name="Landskrona", subdomain="landskrona", population={2019: 46090}, actor=None
    )
    try:
        assert schema_exists("landskrona")
        assert Domain.objects.get(tenant=kommun).domain == "landskrona.skanearkiv.localhost"
        assert kommun.population_in(2019) == 46090
        event = AuditEvent.objects.filter(action="kommun.create", object_id=str(kommun.pk)).get()
        assert event.kommun == kommun
        assert event.details["kommunkod"] == "1282"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS landskrona CASCADE")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"kommunkod": "1281"}, "kommunkod", MSG_KOMMUNKOD_TAKEN % {"code": "1281"}),
        ({"subdomain": "lund"}, "subdomain", MSG_SUBDOMAIN_TAKEN % {"subdomain": "lund"}),
        ({"kommunkod": "12a4"}, "kommunkod", messages.MSG_KOMMUNKOD_FORMAT),
        ({"kommunkod": "2681"}, "kommunkod", messages.MSG_KOMMUNKOD_COUNTY),
        ({"kommunkod": "1299"}, "kommunkod", messages.MSG_KOMMUNKOD_UNKNOWN % {"code": "1299"}),
        ({"subdomain": "Ystad_1"}, "subdomain", messages.MSG_SUBDOMAIN_FORMAT),
        ({"subdomain": "admin"}, "subdomain", messages.MSG_SUBDOMAIN_RESERVED % {"subdomain": "admin"}),
        ({"population": {2019: 0}}, "population", MSG_POPULATION_INVALID),
    ],
)
def test_kommun_create_refuses_bad_input_and_leaves_no_schema(lund, kwargs, field, message):
    args = {"kommunkod": "1286", "name": "Ystad", "subdomain": "ystad", "population": {2019: 30541}, **kwargs}
    before, schemas_before = Kommun.objects.count(), all_schemas()
    with pytest.raises(ValidationError) as exc:
        kommun_create(actor=None, **args)
    assert str(message) in messages_of(exc, field)
    assert Kommun.objects.count() == before
    assert all_schemas() == schemas_before


@pytest.mark.django_db(transaction=True)
def test_kommun_provision_command_creates_kommun(lund, capsys):
    try:
        call_command(
            "kommun_provision",
            "--kommunkod",
            "1276",
            "--name",
            "Klippan",
            "--subdomain",
            "klippan",
            "--population",
            "2019:17756",
            "--population",
            "2024:17900",
        )
        kommun = Kommun.objects.get(kommunkod="1276")
        assert {p.year: p.population for p in KommunPopulation.objects.filter(kommun=kommun)} == {
            2019: 17756,
            2024: 17900,
        }
        assert "klippan.skanearkiv.localhost" in capsys.readouterr().out
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS klippan CASCADE")


def test_kommun_provision_command_refuses_duplicate_with_clear_message(lund):
    with pytest.raises(CommandError) as exc:
        call_command("kommun_provision", "--kommunkod", "1281", "--name", "Lund", "--subdomain", "lund2")
    assert str(MSG_KOMMUNKOD_TAKEN % {"code": "1281"}) in str(exc.value)
    assert not schema_exists("lund2")


def test_kommun_provision_command_refuses_bad_population(lund):
    with pytest.raises(CommandError) as exc:
        call_command(
            "kommun_provision",
            "--kommunkod",
            "1286",
            "--name",
            "Ystad",
            "--subdomain",
            "ystad",
            "--population",
            "tjugo",
        )
    assert str(MSG_POPULATION_INVALID) in str(exc.value)
    assert not Kommun.objects.filter(kommunkod="1286").exists()


def test_population_is_kept_per_year(lund):
    assert lund.population_in(2019) == 124935
    assert lund.population_in(2024) == 128513
    assert lund.population_in(2000) is None
