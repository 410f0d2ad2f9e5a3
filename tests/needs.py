"""What a test needs from the machine, and the one way a test may be skipped: when ALLOW_SKIP asks for it.

A test that lacks something calls `need(name, what_is_missing)`. Without ALLOW_SKIP naming it, the
test fails and says what is missing and how to get it; with it (ALLOW_SKIP=browser, or several:
ALLOW_SKIP=browser,poppler), the test is skipped and the run's summary lists the skips. `make test`
installs the Debian packages (platform/debian-packages.txt), so on a set-up machine nothing is missing.
"""

import os

import pytest

# The names ALLOW_SKIP takes, and what each lets a run go without.
SKIPPABLE = {
    "browser": "the browser tests: Debian's chromium at /usr/bin/chromium and axe-core (npm install)",
    "poppler": "the page-rendering checks of PDFs: pdftoppm (Debian poppler-utils)",
    "corpus": "the tests on the shared corpora beside the repository (../shared/corpora: E-ARK, EN 16931)",
    "clamd": "the virus scanning tests: a real ClamAV daemon (Debian clamav-daemon: /usr/sbin/clamd)",
}
SKIP_PREFIX = "ALLOW_SKIP="


class UnknownSkip(pytest.UsageError):
    pass


def allowed_skips(value: str | None = None) -> set[str]:
    """The names in ALLOW_SKIP (comma or space separated); an unknown name is an error, not a silent no-op."""
    value = os.environ.get("ALLOW_SKIP", "") if value is None else value
    names = {name for name in value.replace(",", " ").split() if name}
    unknown = names - set(SKIPPABLE)
    if unknown:
        known = ", ".join(sorted(SKIPPABLE))
        raise UnknownSkip(f"ALLOW_SKIP names {', '.join(sorted(unknown))}: the names are {known}")
    return names


def need(name: str, missing: str, how: str = "") -> None:
    """The test cannot run because `missing`: fail saying so, or skip when ALLOW_SKIP names `name`."""
    if name not in SKIPPABLE:
        raise ValueError(f"need({name!r}): add it to tests.needs.SKIPPABLE")
    if name in allowed_skips():
        pytest.skip(f"ALLOW_SKIP={name}: {missing}")  # the one skip of the suite (SKIP_PREFIX)
    hint = f" ({how})" if how else ""
    pytest.fail(f"{missing}{hint}. To run without {SKIPPABLE[name]}: ALLOW_SKIP={name}", pytrace=False)


def granted_skips(terminalreporter) -> dict[str, int]:
    """The skips of this run that ALLOW_SKIP granted, counted by name (for the summary)."""
    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        text = str(report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr)
        if SKIP_PREFIX in text:
            name = text.split(SKIP_PREFIX, 1)[1].split(":", 1)[0]
            counts[name] = counts.get(name, 0) + 1
    return counts
