"""python manage.py kommun_export <subdomain> <file.zip> [--with-packages]: every record and file of a kommun."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onboarding.kommun_data.selectors import kommun_by_subdomain
from onboarding.kommun_data.services.export import kommun_export_write


class Command(BaseCommand):
    help = (
        "Exporterar all en kommuns data till en zip-fil: varje tabell som JSON och CSV, bilagor och utfärdade "
        "rapporter, och en förteckning med SHA-256-summor. Levererade paket listas; de tas med bara med "
        "--with-packages. Exit 0 klart, 1 fel."
    )

    def add_arguments(self, parser):
        parser.add_argument("subdomain")
        parser.add_argument("file")
        parser.add_argument("--with-packages", action="store_true", help="Ta med de levererade paketen.")

    def handle(self, *args, subdomain: str, file: str, with_packages: bool, **options):
        kommun = kommun_by_subdomain(subdomain)
        target = Path(file)
        if target.suffix.lower() != ".zip":
            raise CommandError("Filen ska sluta på .zip.")
        if not target.parent.is_dir():
            raise CommandError(f"Mappen {target.parent} finns inte.")

        def progress(fraction: float, label: str) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{fraction:5.1%} {label}")

        result = kommun_export_write(kommun=kommun, path=target, with_packages=with_packages, progress=progress)
        self.stdout.write(
            f"Exporterade {kommun.name} till {result.path}: {result.rows} rader, {result.files} filer, "
            f"{result.size} byte; manifest.json har sha256 {result.manifest_sha256}."
        )
