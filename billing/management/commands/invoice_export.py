"""Write Peppol BIS Billing 3.0 XML: one statement by number, or every issued statement and credit note."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from billing import ubl_validation
from billing.models import Statement
from billing.services.statements import statement_xml


class Command(BaseCommand):
    help = "Skriver e-fakturor (Peppol BIS Billing 3.0, UBL 2.1) för utfärdade fakturaunderlag och kreditnotor."

    def add_arguments(self, parser):
        parser.add_argument("number", nargs="?", help="Fakturaunderlagets nummer, t.ex. 2025-00001")
        parser.add_argument("--out", help="Fil att skriva (med ett nummer)")
        parser.add_argument("--all", action="store_true", help="Alla utfärdade fakturaunderlag och kreditnotor")
        parser.add_argument("--out-dir", help="Katalog att skriva till (med --all)")
        parser.add_argument("--validate", action="store_true", help="Validera mot UBL 2.1 XSD och EN 16931")

    def handle(self, *args, number=None, out=None, all=False, out_dir=None, validate=False, **options):
        if all == bool(number):
            raise CommandError("Ange antingen ett nummer (med --out) eller --all (med --out-dir).")
        if number:
            if not out:
                raise CommandError("--out behövs.")
            statement = Statement.objects.issued().select_related("credits").filter(number=number).first()
            if statement is None:
                raise CommandError(f"Inget utfärdat fakturaunderlag har nummer {number}.")
            self._write(statement, Path(out), validate)
            return
        if not out_dir:
            raise CommandError("--out-dir behövs.")
        directory = Path(out_dir)
        directory.mkdir(parents=True, exist_ok=True)
        count = 0
        for statement in Statement.objects.issued().select_related("credits").order_by("number"):
            self._write(statement, directory / f"{statement.number}.xml", validate)
            count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} dokument skrivna till {directory}."))

    def _write(self, statement: Statement, path: Path, validate: bool) -> None:
        xml = statement_xml(statement)
        if validate:
            report = ubl_validation.validate(xml)
            if not report.ok:
                problems = report.xsd_errors + [str(f) for f in report.blocking]
                raise CommandError(f"{statement.number} är inte giltig: " + "; ".join(problems))
        path.write_bytes(xml)
        self.stdout.write(f"{statement.number} → {path}")
