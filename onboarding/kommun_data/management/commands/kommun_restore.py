"""python manage.py kommun_restore <dir>: a kommun_backup folder back into this (fresh) database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from onboarding.kommun_data.services.backup import kommun_restore


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia från kommun_backup till den här databasen (en ny databas där de "
        "gemensamma migreringarna har körts). Kontrollsummorna prövas först. Exit 0 klart, 1 fel."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir")

    def handle(self, *args, dir: str, **options):
        kommun = kommun_restore(folder=Path(dir))
        self.stdout.write(f"Återställde {kommun.name} ({kommun.schema_name}) från {dir}.")
