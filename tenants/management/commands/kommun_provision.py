"""Provision a kommun: schema (by migrations), domain and population.

python manage.py kommun_provision --kommunkod 1281 --name Lund --subdomain lund --population 2019:124935
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.models import Kommun
from tenants.services import kommun_create, parse_population


class Command(BaseCommand):
    help = "Skapar en kommun: schema, domän och folkmängd."

    def add_arguments(self, parser):
        parser.add_argument("--kommunkod", required=True, help="SCB:s fyrsiffriga kod, t.ex. 1281")
        parser.add_argument("--name", required=True)
        parser.add_argument("--subdomain", required=True)
        parser.add_argument("--population", action="append", default=[], help="år:folkmängd, kan upprepas")
        parser.add_argument("--status", default=Kommun.Status.MEMBER, choices=Kommun.Status.values)
        parser.add_argument("--host", action="store_true", help="värdkommun")

    def handle(self, *args, **options):
        try:
            population = parse_population(options["population"])
            kommun = kommun_create(
                kommunkod=options["kommunkod"],
                name=options["name"],
                subdomain=options["subdomain"],
                population=population,
                status=options["status"],
                is_host=options["host"],
                actor=None,
            )
        except ValidationError as exc:
            lines = [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
            raise CommandError("Kommunen skapades inte.\n" + "\n".join(lines)) from exc
        self.stdout.write(f"Skapade {kommun.name} ({kommun.kommunkod}) på {kommun.url()}")
