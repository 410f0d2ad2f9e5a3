"""The requirements table covers the CSIP and SIP profiles exactly, and every entry is honest.

The profiles are read from ../shared/corpora/eark (the specification's own files): a
requirement a new profile version adds without an entry in the table fails here, and so
does an entry whose level or XPath no longer matches the profile.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from onboarding.validation import resources
from onboarding.validation.requirements import merged_profiles, read_profile, render_table
from onboarding.validation.requirements_table import REQUIREMENTS

EARK = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "eark"
CSIP = EARK / "E-ARK-CSIP" / "profile" / "E-ARK-CSIP-v2-1-0.xml"
SIP = EARK / "E-ARK-SIP" / "profile" / "E-ARK-SIP-v2-1-0.xml"


@pytest.fixture(scope="module")
def profiles():
    if not CSIP.exists() or not SIP.exists():
        pytest.fail(f"E-ARK-profilerna saknas i {EARK} (shared/ ska ligga bredvid projektet)")
    return [CSIP, SIP]


def test_profiles_have_the_stated_requirements(profiles):
    """CSIP 2.1.0: 116 CSIPn requirements (89 MUST); SIP 2.1.0: 35 SIPn plus 3 references to CSIP (15 MUST)."""
    csip = [r for r in read_profile(CSIP) if r.id.startswith("CSIP")]
    sip = [r for r in read_profile(SIP) if not r.id.startswith("REF_METS")]
    assert (len(csip), sum(r.level == "MUST" for r in csip)) == (116, 89)
    assert (len(sip), sum(r.level == "MUST" for r in sip)) == (38, 15)


def test_every_profile_requirement_has_an_entry(profiles):
    merged = merged_profiles(profiles)
    assert sorted(set(merged) - set(REQUIREMENTS)) == [], "requirements of the profile without an entry"
    assert sorted(set(REQUIREMENTS) - set(merged)) == [], "entries for requirements no profile has"
    for ident, (level, names, xpath) in merged.items():
        req = REQUIREMENTS[ident]
        assert (req.level, req.profiles, req.xpath) == (level, names, xpath), ident


def test_table_is_what_the_generator_makes(profiles):
    """Regenerating from the profiles changes nothing (the table is generated, not hand-copied)."""
    namespace: dict = {}
    source = render_table(profiles, REQUIREMENTS).replace(
        "from .requirements import", "from onboarding.validation.requirements import"
    )
    exec(compile(source, "requirements_table.py", "exec"), namespace)  # noqa: S102 - our own generated source
    assert namespace["REQUIREMENTS"] == REQUIREMENTS


@pytest.mark.parametrize("ident", sorted(REQUIREMENTS))
def test_entry_names_a_real_check_or_a_reason(ident):
    """Each entry has a Swedish explanation and either a check that reports the id, or a reason."""
    req = REQUIREMENTS[ident]
    assert req.sv.strip() and req.sv.strip()[-1] in ".)"
    assert bool(req.check) != bool(req.reason), "exactly one of check and reason"
    if req.check:
        module_name, func_name = req.check.rsplit(".", 1)
        module = importlib.import_module(f"onboarding.validation.{module_name}")
        assert inspect.isfunction(getattr(module, func_name, None)), req.check
        assert f'"{ident}"' in inspect.getsource(module), f"{module_name} never reports {ident}"
    else:
        assert len(req.reason) > 40


def test_level_notes_quote_the_profile(profiles):
    """A level note that quotes the requirement quotes its real text (or names the DILCIS test corpus)."""
    texts = {r.id: r.text for path in profiles for r in read_profile(path)}
    for ident, req in REQUIREMENTS.items():
        if not req.level_note:
            continue
        if req.level_note.startswith('"'):
            quoted = req.level_note[1:].split('"', 1)[0]
            assert quoted in texts[ident], f"{ident}: {quoted!r} is not in the profile's text"
        else:
            assert req.level_note.startswith("DILCIS test corpus: "), ident


def test_bundled_vocabularies_match_the_specification():
    """The vocabularies the checks read (from the eark-validator wheel) have the specification's terms."""
    from lxml import etree

    for name in resources.VOCABULARIES:
        folder = "E-ARK-SIP" if name.startswith("SIP") else "E-ARK-CSIP"
        spec = etree.parse(str(EARK / folder / "schema" / name))
        terms = {(t.text or "").strip() for t in spec.iter("{https://DILCIS.eu/XML/Vocabularies/IP}Term")}
        assert resources.vocabulary(name) == terms, name


def test_a_new_profile_requirement_appears_unfilled(profiles, tmp_path):
    """A requirement a new profile version adds comes out of the generator with no check, reason
    or Swedish text, which test_entry_names_a_real_check_or_a_reason then refuses."""
    text = CSIP.read_text(encoding="utf-8")
    marker = '<requirement ID="CSIP1" '
    added = (
        '<requirement ID="CSIP999" REQLEVEL="MUST"><description><head>Ny</head>'
        '<p xmlns="http://www.w3.org/1999/xhtml">Ett nytt krav.</p></description></requirement>\n'
    )
    newer = tmp_path / "E-ARK-CSIP-v9.xml"
    newer.write_text(text.replace(marker, added + marker, 1), encoding="utf-8")
    namespace: dict = {}
    source = render_table([newer, SIP], REQUIREMENTS).replace(
        "from .requirements import", "from onboarding.validation.requirements import"
    )
    exec(compile(source, "requirements_table.py", "exec"), namespace)  # noqa: S102 - our own generated source
    table = namespace["REQUIREMENTS"]
    assert set(table) - set(REQUIREMENTS) == {"CSIP999"}
    new = table["CSIP999"]
    assert (new.level, new.check, new.reason, new.sv) == ("MUST", "", "", "")
    assert table["CSIP1"] == REQUIREMENTS["CSIP1"]
