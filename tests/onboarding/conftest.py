"""Fixtures for the package validator tests (DB-free).

``eark_corpus`` extracts the shared E-ARK test corpus once into a cache folder under the
system temp directory (never into the repository) and returns its path.
"""

from __future__ import annotations

import os
import tarfile
import tempfile
from pathlib import Path

import pytest

from tests.needs import need

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "eark"
CORPUS_TARBALL = SHARED / "eark-test-corpus-dev.tar.xz"
EXPECTED_OUTCOMES = SHARED / "expected_outcomes.tsv"


def _extract_corpus() -> Path:
    stat = CORPUS_TARBALL.stat()
    target = Path(tempfile.gettempdir()) / f"ipval-eark-corpus-{stat.st_size}-{int(stat.st_mtime)}"
    marker = target / ".complete"
    if marker.exists():
        return target
    tmp = Path(tempfile.mkdtemp(prefix="ipval-eark-extract-", dir=tempfile.gettempdir()))
    with tarfile.open(CORPUS_TARBALL, "r:xz") as tf:
        tf.extractall(tmp, filter="data")
    (tmp / ".complete").write_text("ok")
    try:
        os.rename(tmp, target)
    except OSError:
        pass  # another worker won the race; use its copy
    return target


@pytest.fixture(scope="session")
def eark_corpus() -> Path:
    """Path to the extracted E-ARK IP test corpus (the shared corpus beside the repository)."""
    if not CORPUS_TARBALL.exists():
        need("corpus", f"the E-ARK test corpus is not at {CORPUS_TARBALL} (../shared/corpora/eark)")
    return _extract_corpus()


@pytest.fixture(scope="session")
def eark_expected_outcomes(eark_corpus) -> Path:
    """Path to expected_outcomes.tsv of the shared corpus."""
    return EXPECTED_OUTCOMES
