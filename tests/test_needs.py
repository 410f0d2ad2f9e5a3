"""A test that lacks something fails saying what, unless ALLOW_SKIP asks for the skip; no test skips itself."""

import re
from pathlib import Path

import pytest

from tests import needs


def test_a_missing_need_fails_and_says_what_is_missing(monkeypatch):
    monkeypatch.delenv("ALLOW_SKIP", raising=False)
    with pytest.raises(pytest.fail.Exception, match=r"pdftoppm is not installed \(apt-get .*\)\. .*ALLOW_SKIP=poppler"):
        needs.need("poppler", "pdftoppm is not installed", "apt-get install poppler-utils")


def test_a_missing_need_skips_only_the_named_kind(monkeypatch):
    monkeypatch.setenv("ALLOW_SKIP", "browser, corpus")
    with pytest.raises(pytest.skip.Exception, match=r"^ALLOW_SKIP=browser: no chromium$"):
        needs.need("browser", "no chromium")
    with pytest.raises(pytest.fail.Exception):
        needs.need("poppler", "no pdftoppm")


def test_an_unknown_skip_name_is_refused():
    expected = "ALLOW_SKIP names browsers: the names are browser, clamd, corpus, poppler"
    with pytest.raises(needs.UnknownSkip, match=expected):
        needs.allowed_skips("browsers")
    with pytest.raises(ValueError, match="SKIPPABLE"):
        needs.need("redis", "no redis")


def test_granted_skips_are_counted_for_the_summary():
    class Report:
        def __init__(self, reason):
            self.longrepr = ("test_x.py", 1, f"Skipped: {reason}")

    class Reporter:
        stats = {"skipped": [Report("ALLOW_SKIP=browser: no chromium"), Report("ALLOW_SKIP=browser: no axe")]}

    assert needs.granted_skips(Reporter()) == {"browser": 2}


def test_no_test_skips_itself_without_allow_skip():
    """The rule the repository's checks hold too: every skip goes through tests.needs.need."""
    pattern = re.compile(r"pytest\.skip\(|skipif\(|importorskip\(|pytest\.mark\.skip\b|unittest\.skip")
    tests = Path(__file__).parent
    found = [
        f"{path.relative_to(tests)}:{number}: {line.strip()}"
        for path in sorted(tests.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line) and "ALLOW_SKIP" not in line and path.name != "test_needs.py"
    ]
    assert found == []
