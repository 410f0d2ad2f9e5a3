"""Register an archive backend and print its API token (shown once); or give an existing one a new token."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onboarding.deliveries_index.models import ArchiveBackend
from onboarding.deliveries_index.services import archive_backend_create, archive_token_rotate


class Command(BaseCommand):
    help = "Registrera en arkivbackend och skriv ut dess API-nyckel (visas bara en gång)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument(
            "--days", type=int, default=None, help="Hur många dagar nyckeln gäller (ARCHIVE_TOKEN_DAYS)."
        )
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Ge en befintlig arkivbackend en ny nyckel; den gamla gäller kvar i --overlap-days dagar.",
        )
        parser.add_argument(
            "--overlap-days", type=int, default=None, help="Vid --rotate: dagar som den gamla nyckeln gäller kvar."
        )

    def handle(self, *args, name: str, days: int | None, rotate: bool, overlap_days: int | None, **options):
        try:
            if rotate:
                backend = ArchiveBackend.objects.filter(name=name.strip()).first()
                if backend is None:
                    raise CommandError(f"Ingen arkivbackend heter {name}.")
                _token, secret = archive_token_rotate(backend=backend, actor=None, days=days, overlap_days=overlap_days)
            else:
                backend, secret = archive_backend_create(name=name, actor=None, days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{backend.name}: {secret}")
