"""python manage.py systems_export <subdomain> <file.xlsx|file.csv>: export a kommun's systems."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from onboarding.services.exports import export_inventory
from tenants.models import Kommun


class Command(BaseCommand):
    help = "Exporterar en kommuns system till xlsx eller csv (samma format som importen)."

    def add_arguments(self, parser):
        parser.add_argument("subdomain")
        parser.add_argument("file")

    def handle(self, *args, subdomain: str, file: str, **options):
        kommun = Kommun.objects.members().filter(subdomain=subdomain).first()
        if kommun is None:
            raise CommandError(f"Ingen kommun med underdomänen {subdomain}.")
        fmt = Path(file).suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError("Filen ska sluta på .xlsx eller .csv.")
        with tenant_context(kommun):
            data = export_inventory(fmt=fmt)
        Path(file).write_bytes(data)
        self.stdout.write(f"Exporterade {kommun.name} till {file}.")
