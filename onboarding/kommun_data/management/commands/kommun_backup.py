"""python manage.py kommun_backup <subdomain> <dir>: pg_dump of the kommun's schema, its public rows, its files."""

from pathlib import Path

from django.core.management.base import BaseCommand

from onboarding.kommun_data.selectors import kommun_by_subdomain
from onboarding.kommun_data.services.backup import kommun_backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar en kommun till en mapp: schemat (pg_dump), kommunens rader i det gemensamma schemat "
        "och dess filer. Återställs med kommun_restore. Exit 0 klart, 1 fel."
    )

    def add_arguments(self, parser):
        parser.add_argument("subdomain")
        parser.add_argument("dir")

    def handle(self, *args, subdomain: str, dir: str, **options):
        kommun = kommun_by_subdomain(subdomain)
        meta = kommun_backup(kommun=kommun, folder=Path(dir))
        self.stdout.write(f"Säkerhetskopierade {kommun.name} till {dir} ({len(meta['files'])} filer).")
