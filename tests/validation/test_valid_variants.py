"""Other valid ways of writing the package: the checks must not mistake them for violations.

Each variant changes the valid package of :mod:`.builder` into another form the profiles
allow; the validator must report nothing (or only what the variant states it leaves).
"""

from __future__ import annotations

import shutil
import zipfile

import pytest

from onboarding.validation import validate_package

from .builder import NAME, add_representation, build_package
from .mutations import CREATOR, MD_DIV, STR12, _content_div, add, setattrs, steps

VARIANTS = [
    ("TYPE=OTHER med egen kategori", setattrs("/m:mets", TYPE="OTHER", csip_OTHERTYPE="Protokoll"), set()),
    (
        "CONTENTINFORMATIONTYPE=OTHER med egen typ",
        setattrs("/m:mets", csip_CONTENTINFORMATIONTYPE="OTHER", csip_OTHERCONTENTINFORMATIONTYPE="Egen typ"),
        set(),
    ),
    ("RECORDSTATUS=REPLACEMENT", setattrs("//m:metsHdr", RECORDSTATUS="REPLACEMENT"), set()),
    ("TYPE=Email (CSIP 2.1.0-term)", setattrs("/m:mets", TYPE="Email"), set()),
    (
        "arkivbildaren är en person med identifieringskod",
        setattrs(CREATOR, TYPE="INDIVIDUAL"),
        set(),
    ),
    (
        "paketets dmdSec pekar på representationens metadata",
        steps(
            add(
                "/m:mets",
                '<dmdSec ID="dmd-rep1-dc" CREATED="2024-05-01T12:00:00" STATUS="SUPERSEDED"><mdRef LOCTYPE="URL" '
                'xlink:type="simple" xlink:href="representations/rep1/metadata/descriptive/dc.xml" MDTYPE="DC" '
                'MIMETYPE="text/xml" SIZE="{size}" CREATED="2024-05-01T12:00:00" CHECKSUM="{sha}" '
                'CHECKSUMTYPE="SHA-256"/></dmdSec>',
                index=2,
            ),
        ),
        set(),
    ),
    ("utan representations-METS: innehållet i div LABEL=Representations", _content_div, STR12),
    ("två representationer, var och en med egen METS-fil och div", lambda p: add_representation(p, "rep2"), set()),
    (
        "Metadata-div hänvisar till amdSec i stället för dess delar",
        setattrs(MD_DIV, ADMID="amd"),
        set(),
    ),
]


def _fill_checksums(package):
    """Put the real size and checksum into mdRefs written with {size}/{sha} placeholders."""
    import hashlib

    for ref in package.mets.iter("{http://www.loc.gov/METS/}mdRef"):
        if ref.get("SIZE") == "{size}":
            data = package.files[ref.get("{http://www.w3.org/1999/xlink}href")]
            ref.set("SIZE", str(len(data)))
            ref.set("CHECKSUM", hashlib.sha256(data).hexdigest())


@pytest.mark.parametrize(("name", "apply", "left"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_valid_variant_passes(name, apply, left, tmp_path):
    package = build_package(tmp_path)
    apply(package)
    _fill_checksums(package)
    report = validate_package(package.write())
    assert {f.requirement_id for f in report.findings} == left, report.to_text()


def test_zipped_package_is_named_by_its_root_folder(tmp_path):
    """A ZIP with the package folder inside: OBJID is compared with that folder's name (CSIP1)."""
    root = build_package(tmp_path / "src").write()
    archive = tmp_path / "leverans-2024-05-01.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, f"{NAME}/{path.relative_to(root)}")
    shutil.rmtree(root)
    report = validate_package(archive)
    assert report.findings == [], report.to_text()
