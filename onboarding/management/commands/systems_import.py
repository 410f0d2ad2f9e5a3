"""python manage.py systems_import <subdomain> <file> [--dry-run]: import a kommun's inventory, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from onboarding.services.imports import import_inventory
from tenants.models import Kommun


class Command(BaseCommand):
    help = "Importerar en kommuns system från xlsx eller csv. Allt eller inget; exit 1 med ett fel per rad."

    def add_arguments(self, parser):
        parser.add_argument("subdomain")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Kontrollera bara; spara inget.")

    def handle(self, *args, subdomain: str, file: str, dry_run: bool, **options):
        kommun = Kommun.objects.members().filter(subdomain=subdomain).first()
        if kommun is None:
            raise CommandError(f"Ingen kommun med underdomänen {subdomain}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        with tenant_context(kommun):
            result = import_inventory(path.read_bytes(), path.name, actor=None, dry_run=dry_run)
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem.line())
            raise SystemExit(1)
        s = result.summary
        verb = "Skulle importera" if dry_run else "Importerade"
        self.stdout.write(
            f"{verb} {s['systems']} system från {s['rows']} rader till {kommun.name}: "
            f"{s['new']} nya, {s['updated']} ändrade, {s['unchanged']} oförändrade."
        )
