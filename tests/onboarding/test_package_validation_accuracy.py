"""Accuracy of the package validator on the DILCIS Board E-ARK IP test corpus.

Scoring follows ../shared/corpora/README.md: one row per (requirement, package), using
rows with isImplemented=TRUE and present_in_snapshot=yes.  An invalid row is right when
the validator reports the requirement id at the row's severity; a valid row is right
when the validator does not report that requirement id at all.  The goal on MUST
(ERROR) rows is recall >= 0.95 and specificity >= 0.95 with no crash
(reference: eark-validator 1.1.3 has 0.70 / 0.84 and 15 crashes).
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from onboarding.validation import validate_package
from onboarding.validation.requirements import is_known_id

SEVERITY = {"ERROR": "error", "WARNING": "warning", "INFO": "info"}
GOAL_RECALL = 0.95
GOAL_SPECIFICITY = 0.95


def load_rows(expected: Path) -> list[dict]:
    """The scored rows of expected_outcomes.tsv."""
    with open(expected, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if r["isImplemented"] == "TRUE" and r["present_in_snapshot"] == "yes"]


def score(rows: list[dict], corpus: Path) -> dict:
    """Validate every package once and score each row; returns figures per level and the misses."""
    reports = {}
    crashes = []
    for row in rows:
        path = row["package_path"]
        if path in reports:
            continue
        try:
            report = validate_package(corpus / path)
        except Exception as exc:  # noqa: BLE001 - a crash is a scored failure, not a test error
            crashes.append(f"{path}: {exc!r}")
            report = None
        else:
            if "VALIDATOR-INTERNAL" in report.requirement_ids():
                crashes.append(path)
        reports[path] = report
    figures = {}
    misses = []
    for level in SEVERITY:
        tp = fn = tn = fp = 0
        for row in (r for r in rows if r["rule_error_level"] == level):
            report = reports[row["package_path"]]
            req = row["requirement_id"]
            found_any = report is not None and req in report.requirement_ids()
            found_level = report is not None and req in report.requirement_ids(SEVERITY[level])
            if row["isValid"] == "FALSE":
                tp, fn = tp + found_level, fn + (not found_level)
                if not found_level:
                    misses.append(f"MISSED {level} {req} {row['package_path']}")
            else:
                tn, fp = tn + (not found_any), fp + found_any
                if found_any:
                    misses.append(f"FALSE ALARM {level} {req} {row['package_path']}")
        figures[level] = {
            "recall": tp / (tp + fn) if tp + fn else 1.0,
            "specificity": tn / (tn + fp) if tn + fp else 1.0,
            "tp": tp,
            "fn": fn,
            "tn": tn,
            "fp": fp,
        }
    reported = {f.requirement_id for report in reports.values() if report is not None for f in report.findings}
    unknown = {ident for ident in reported if not is_known_id(ident)}
    return {"figures": figures, "misses": misses, "crashes": crashes, "packages": len(reports), "unknown_ids": unknown}


def test_accuracy_on_eark_corpus(eark_corpus, eark_expected_outcomes):
    """MUST rows: recall and specificity >= 0.95, and no crash on any package."""
    rows = load_rows(eark_expected_outcomes)
    started = time.monotonic()
    result = score(rows, eark_corpus)
    elapsed = time.monotonic() - started
    print(f"\nE-ARK corpus: {len(rows)} rows, {result['packages']} packages, {elapsed:.1f} s")
    for level, fig in result["figures"].items():
        print(
            f"  {level:7s} recall {fig['recall']:.3f} specificity {fig['specificity']:.3f} "
            f"(tp {fig['tp']} fn {fig['fn']} tn {fig['tn']} fp {fig['fp']})"
        )
    print(f"  crashes: {len(result['crashes'])}")
    for line in result["misses"]:
        print("  " + line)
    must = result["figures"]["ERROR"]
    assert not result["crashes"], result["crashes"]
    assert result["unknown_ids"] == set(), "findings with ids that are not the profiles' (or our own)"
    assert must["recall"] >= GOAL_RECALL, f"MUST recall {must['recall']:.3f} < {GOAL_RECALL}"
    assert must["specificity"] >= GOAL_SPECIFICITY, f"MUST specificity {must['specificity']:.3f} < {GOAL_SPECIFICITY}"
