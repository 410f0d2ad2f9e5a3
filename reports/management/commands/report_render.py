"""report_render <consortium|kommun:<subdomain>|plan:<id>|statement:<id>|newsletter:<id>> --out <file.pdf>

Makes the same PDF as the worker (same selectors, same rendering), without storing an issued report.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from reports import rendering, selectors
from reports.models import ReportKind
from tenants.models import Kommun


def parse_target(target: str) -> tuple[str, Kommun | None, dict]:
    kind, _sep, value = target.partition(":")
    if kind == "consortium" and not value:
        return ReportKind.CONSORTIUM, None, {}
    if kind == "kommun" and value:
        kommun = Kommun.objects.members().filter(subdomain=value).first()
        if kommun is None:
            raise CommandError(f"Ingen kommun med underdomänen {value!r}.")
        return ReportKind.KOMMUN, kommun, {}
    if kind in ("plan", "statement") and value.isdigit():
        return kind, None, {f"{kind}_id": int(value)}
    if kind == "newsletter" and value.isdigit():
        return ReportKind.NEWSLETTER, None, {"issue_id": int(value)}
    raise CommandError("Ange consortium, kommun:<underdomän>, plan:<id>, statement:<id> eller newsletter:<id>.")


class Command(BaseCommand):
    help = "Gör en rapport som PDF från kommandoraden (samma PDF som bakgrundsjobbet gör)."

    def add_arguments(self, parser):
        parser.add_argument(
            "target", help="consortium | kommun:<underdomän> | plan:<id> | statement:<id> | newsletter:<id>"
        )
        parser.add_argument("--out", required=True, help="PDF-filen som skrivs")

    def handle(self, *args, target: str, out: str, **options):
        kind, kommun, parameters = parse_target(target)
        started = time.perf_counter()
        try:
            data = selectors.gather(kind=kind, kommun=kommun, parameters=parameters)
        except LookupError as exc:
            raise CommandError(f"Finns inte: {exc}") from exc
        gathered = time.perf_counter()
        rendered = rendering.render_pdf(data)
        with open(out, "wb") as handle:
            handle.write(rendered.pdf)
        total = time.perf_counter() - started
        self.stdout.write(
            f"{out}: {rendered.pages} sidor, {len(rendered.pdf)} byte, {total:.2f} s "
            f"(varav uppgifter {gathered - started:.2f} s)"
        )
