"""Every machine-checkable requirement has its own violating package, and the valid package passes.

The packages are built by :mod:`.builder` (never copied from the test corpus) and broken by
one :class:`~.mutations.Mutation` each: the violating package must report the requirement at
the mutation's severity and nothing but the requirement and its declared companions; the
same package without the change must not report the requirement.
"""

from __future__ import annotations

from collections import Counter

import pytest

from onboarding.validation import validate_package
from onboarding.validation.requirements import is_known_id
from onboarding.validation.requirements_table import REQUIREMENTS

from .builder import build_package
from .mutations import mutations

MUTATIONS = mutations()


def _findings(report) -> dict[str, set[str]]:
    by_id: dict[str, set[str]] = {}
    for f in report.findings:
        by_id.setdefault(f.requirement_id, set()).add(f.severity)
    return by_id


@pytest.fixture(scope="module")
def valid_report(tmp_path_factory):
    return validate_package(build_package(tmp_path_factory.mktemp("valid")).write())


def test_valid_package_has_no_findings(valid_report):
    """The untouched package meets every requirement: not one finding, of any severity."""
    assert valid_report.findings == [], valid_report.to_text()


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[f"{m.req}-{m.name}" for m in MUTATIONS])
def test_violation_reports_its_requirement(mutation, tmp_path, valid_report):
    """The violating package reports the requirement at its severity and nothing unexpected;
    the repaired (untouched) package does not report it."""
    package = build_package(tmp_path)
    mutation.apply(package)
    report = validate_package(package.write())
    found = _findings(report)
    assert mutation.severity in found.get(mutation.req, set()), report.to_text()
    assert set(found) == {mutation.req} | mutation.also, report.to_text()
    for ident, severities in found.items():
        assert is_known_id(ident), f"{ident} is not a profile requirement"
        req = REQUIREMENTS.get(ident)
        if req is not None and severities - {req.severity}:
            assert req.level_note, f"{ident} reported as {severities} but is {req.level} without a level_note"
    assert mutation.req not in _findings(valid_report)


def test_every_machine_checkable_requirement_has_a_mutation():
    """Each machine-checkable requirement has a mutation at its level's severity (error for MUST,
    warning for SHOULD, info for MAY), or, when its table entry says why its findings are
    errors (``level_note``), an error mutation."""
    by_req: dict[str, set[str]] = {}
    for m in MUTATIONS:
        by_req.setdefault(m.req, set()).add(m.severity)
    missing = []
    for ident, req in REQUIREMENTS.items():
        if not req.machine_checkable:
            continue
        found = by_req.get(ident, set())
        if req.severity not in found and not (req.level_note and "error" in found):
            missing.append(f"{ident} ({req.level})")
    assert not missing, missing
    assert set(by_req) <= {i for i, r in REQUIREMENTS.items() if r.machine_checkable}


def test_other_severities_are_explained():
    """A finding at another severity than the requirement's level is explained in the table."""
    unexplained = sorted(
        {m.req for m in MUTATIONS if m.severity != REQUIREMENTS[m.req].severity and not REQUIREMENTS[m.req].level_note}
    )
    assert unexplained == []


def test_mutation_names_are_distinct():
    counts = Counter((m.req, m.name) for m in MUTATIONS)
    assert [k for k, n in counts.items() if n > 1] == []
