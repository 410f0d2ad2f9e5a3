"""python manage.py portfolio_reindex [subdomain ...]: rewrite kommuner's rows of the portfolio index."""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from onboarding.services.portfolio_index import index_rebuild
from tenants.models import Kommun


class Command(BaseCommand):
    help = (
        "Skriver om portföljindexets rader från kommunernas systemregister (alla medlemskommuner, "
        "eller de underdomäner som anges). Varje kommun i en egen transaktion."
    )

    def add_arguments(self, parser):
        parser.add_argument("subdomains", nargs="*", metavar="subdomain")

    def handle(self, *args, subdomains: list[str], **options):
        kommuner = list(Kommun.objects.members().order_by("name"))
        if subdomains:
            by_subdomain = {k.subdomain: k for k in kommuner}
            unknown = [s for s in subdomains if s not in by_subdomain]
            if unknown:
                raise CommandError(f"Ingen kommun med underdomänen {', '.join(unknown)}.")
            kommuner = [by_subdomain[s] for s in subdomains]
        total = 0
        for kommun in kommuner:
            with tenant_context(kommun):
                written, before = index_rebuild()
            total += written
            self.stdout.write(f"{kommun.name}: {written} rader (före: {before}).")
        self.stdout.write(self.style.SUCCESS(f"Klart: {total} rader i {len(kommuner)} kommuner."))
