"""``manage.py package_build <subdomain> <connection-id> <export.zip|dir> --out <package.zip>``.

Builds an FGS Paketstruktur 2.0 package from a kommun's export, with the metadata the platform
fills in from the connection and its approved submission agreement. Exits 0 when the package is
built, 1 when the export or the connection is refused (the reasons, in Swedish, on stderr).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from onboarding.deliveries.models import Connection
from onboarding.packaging.services.builds import export_limits
from onboarding.packaging.services.export import ExportRefused
from onboarding.packaging.services.metadata import check_types, default_metadata, latest_agreement
from onboarding.packaging.services.writer import build_package
from tenants.models import Kommun


class Command(BaseCommand):
    """Build a package from an export (exit 0 built, 1 refused)."""

    help = "Bygger ett informationspaket (FGS 2.0) av en export för en anslutning med godkänd överenskommelse."

    def add_arguments(self, parser):
        parser.add_argument("subdomain", help="kommunens underdomän, t.ex. lund")
        parser.add_argument("connection_id", type=int, help="anslutningens id")
        parser.add_argument("export", help="exporten: ZIP- eller TAR-fil eller mapp")
        parser.add_argument("--out", required=True, help="paketet som skrivs (ZIP)")
        parser.add_argument(
            "--information-type", action="append", default=None, help="informationstyp (alla om inget anges)"
        )
        parser.add_argument("--label", default="", help="paketets rubrik (LABEL)")

    def handle(self, *args, **options):
        kommun = Kommun.objects.filter(subdomain=options["subdomain"]).first()
        if kommun is None or kommun.is_consortium:
            return self._refuse([f"Det finns ingen kommun med underdomänen {options['subdomain']}."])
        with tenant_context(kommun):
            conn = Connection.objects.select_related("system", "system__product").filter(pk=options["connection_id"])
            conn = conn.first()
            if conn is None:
                return self._refuse([f"{kommun.name} har ingen anslutning {options['connection_id']}."])
            try:
                agreement = latest_agreement(conn)
                meta = default_metadata(kommun=kommun, connection=conn, agreement=agreement)
                meta.information_types = check_types(agreement, options["information_type"] or meta.information_types)
                meta.label = options["label"] or meta.label
                result = build_package(options["export"], options["out"], meta, export_limits())
            except ValidationError as exc:
                return self._refuse(exc.messages)
            except ExportRefused as exc:
                return self._refuse(exc.reasons)
        self.stdout.write(
            f"{result.path}: {result.files} filer, {result.content_bytes} byte innehåll, "
            f"paketet {result.size} byte ({result.seconds} s)"
        )

    def _refuse(self, reasons):
        for reason in reasons:
            self.stderr.write(str(reason))
        raise SystemExit(1)
