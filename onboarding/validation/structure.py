"""CSIP structural requirements on the folder layout (CSIPSTR1-CSIPSTR16).

These rules come from the CSIP specification text (section 4, "Structure"), not from
the METS profile: a single root folder, ``METS.xml`` in it, and recommended folders
``metadata``, ``representations/<name>/{data,metadata}``, ``schemas``, ``documentation``.
"""

from __future__ import annotations

from .integrity import PackageIndex
from .report import ERROR, WARNING, ValidationReport

METS_NAME = "METS.xml"


def _placeholder(rel: str, index: PackageIndex) -> bool:
    return rel.rsplit("/", 1)[-1].startswith(".") and index.files.get(rel) == 0


def check_structure(index: PackageIndex, report: ValidationReport, from_archive: bool, single_root: bool) -> list[str]:
    """Check the folder layout; return the representation folders (``representations/<name>``)."""
    if from_archive and not single_root:
        report.add("CSIPSTR1", ERROR, "STR_SINGLE_ROOT", "/")
    if METS_NAME not in index.files:
        similar = sorted(f for f in index.files if "/" not in f and f.lower().endswith(".xml"))
        report.add("CSIPSTR4", ERROR, "STR_NO_METS", "/", found=", ".join(similar[:5]) or "-")
    top_dirs = {d for d in index.dirs if "/" not in d}
    if "metadata" not in top_dirs:
        report.add("CSIPSTR5", WARNING, "STR_FOLDER_MISSING", "/", folder="metadata")
    reps: list[str] = []
    if "representations" not in top_dirs:
        report.add("CSIPSTR9", WARNING, "STR_FOLDER_MISSING", "/", folder="representations")
        return reps
    loose = sorted(f for f in index.files if f.startswith("representations/") and f.count("/") == 1)
    if loose:
        report.add("CSIPSTR10", WARNING, "STR_REP_LOOSE_FILES", "representations/", count=len(loose))
    rep_dirs = sorted(d for d in index.dirs if d.startswith("representations/") and d.count("/") == 1)
    for rep in rep_dirs:
        # Zero-byte dot files (.gitkeep and the like) only keep empty folders alive.
        has_files = any(f.startswith(rep + "/") and not _placeholder(f, index) for f in index.files)
        if not has_files:
            continue
        reps.append(rep)
        if f"{rep}/data" not in index.dirs:
            report.add("CSIPSTR11", WARNING, "STR_FOLDER_MISSING", rep + "/", folder="data")
        if f"{rep}/{METS_NAME}" not in index.files:
            report.add("CSIPSTR12", WARNING, "STR_REP_NO_METS", rep + "/")
    return reps
