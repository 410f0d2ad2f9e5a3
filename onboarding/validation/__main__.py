"""Command line: ``python -m onboarding.validation <package> [--format json|text] [--no-virus-scan|--no-format-check]``.

Every file is scanned by the clamd at CLAMD_SOCKET (unset: the report warns that scanning is not
configured) and identified against PRONOM and the default accepted-formats policy.

Exit codes: 0 no error, 1 errors found, 2 the package could not be read.
"""

from __future__ import annotations

import argparse
import sys

from . import validate_package
from .content_checks import add_content_check_arguments, content_checks_from_args


def main(argv: list[str] | None = None) -> int:
    """Validate one package, print the report and return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m onboarding.validation", description="Validera ett informationspaket (E-ARK CSIP/SIP 2.1.0)."
    )
    parser.add_argument("package", help="ZIP- eller TAR-fil eller mapp")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--profile", choices=("sip", "csip"), default="sip")
    add_content_check_arguments(parser)
    args = parser.parse_args(argv)
    report = validate_package(args.package, profile=args.profile, content_checks=content_checks_from_args(args))
    output = report.to_json() if args.format == "json" else report.to_text()
    sys.stdout.write(output + "\n")
    sys.stdout.flush()
    return report.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
