"""Register an archive backend and print its API token (shown once)."""

from django.core.management.base import BaseCommand

from onboarding.deliveries_index.services import archive_backend_create


class Command(BaseCommand):
    help = "Registrera en arkivbackend och skriv ut dess API-nyckel (visas bara en gång)."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, name: str, **options):
        backend, token = archive_backend_create(name=name, actor=None)
        self.stdout.write(f"{backend.name}: {token}")
