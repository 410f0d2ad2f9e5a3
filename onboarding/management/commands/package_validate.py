"""``manage.py package_validate <package> [--format json|text]``.

Thin wrapper around :func:`onboarding.validation.validate_package`.  Prints the report
and exits 0 (no error), 1 (errors found) or 2 (the package could not be read).
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.management.base import BaseCommand

from onboarding.validation import validate_package
from onboarding.validation.content_checks import add_content_check_arguments, content_checks_from_args


class Command(BaseCommand):
    """Validate an E-ARK information package (FGS Paketstruktur 2.0 = CSIP + SIP 2.1.0)."""

    help = "Validerar ett informationspaket (ZIP, TAR eller mapp) mot E-ARK CSIP/SIP 2.1.0."

    def add_arguments(self, parser):
        """Package path, output format and profile."""
        parser.add_argument("package", help="ZIP- eller TAR-fil eller mapp")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--profile", choices=("sip", "csip"), default="sip")
        add_content_check_arguments(parser)

    def handle(self, *args, **options):
        """Validate, print the findings and exit with the report's exit code."""
        checks = content_checks_from_args(SimpleNamespace(**options))
        report = validate_package(options["package"], profile=options["profile"], content_checks=checks)
        output = report.to_json() if options["format"] == "json" else report.to_text()
        self.stdout.write(output)
        self.stdout.flush()
        raise SystemExit(report.exit_code)
