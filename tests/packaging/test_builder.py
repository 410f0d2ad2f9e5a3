"""Every package the platform builds passes its own validator with no error; bad exports build nothing."""

import hashlib
import os
import tarfile
import time
import tracemalloc
import zipfile

import pytest
from lxml import etree

from onboarding.packaging import messages as msg
from onboarding.packaging.services.export import ExportLimits, ExportRefused
from onboarding.packaging.services.writer import build_package
from onboarding.validation import validate_package

from .exports import META, as_tar, as_zip, flat, many_small, nested, sparse, swedish, with_empty_dirs, zip_with

LIMITS = ExportLimits(max_bytes=50 * 1024**3)
NS = {"m": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}

EXPORTS = {"flat": flat, "nested": nested, "swedish": swedish, "empty_dirs": with_empty_dirs}


def _valid(package) -> None:
    report = validate_package(package)
    errors = [f for f in report.findings if f.severity != "info"]
    assert errors == [], report.to_text()


def _members(package) -> set[str]:
    with zipfile.ZipFile(package) as zf:
        return set(zf.namelist())


@pytest.mark.parametrize("kind", ["dir", "zip", "tar"])
@pytest.mark.parametrize("name", list(EXPORTS))
def test_built_package_passes_the_validator(tmp_path, name, kind):
    folder = EXPORTS[name](tmp_path / "export")
    source = {
        "dir": folder,
        "zip": lambda: as_zip(folder, tmp_path / "e.zip"),
        "tar": lambda: as_tar(folder, tmp_path / "e.tgz"),
    }
    export = source[kind]() if kind != "dir" else folder
    result = build_package(export, tmp_path / "paket.zip", META, LIMITS)

    _valid(result.path)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert result.files == len(files)
    members = _members(result.path)
    root = f"{META.objid}/representations/rep1/data/"
    for path in files:
        assert root + path.relative_to(folder).as_posix() in members


def test_the_files_keep_their_names_and_bytes_and_empty_folders_stay(tmp_path):
    folder = swedish(tmp_path / "export")
    with_empty_dirs(folder)
    result = build_package(folder, tmp_path / "paket.zip", META, LIMITS)
    root = f"{META.objid}/representations/rep1/data/"
    with zipfile.ZipFile(result.path) as zf:
        data = zf.read(root + "Ärenden och beslut/båtplats ändring.txt")
        assert data == "Båtplatsen är ändrad.\n".encode()
        names = zf.namelist()
        mets = etree.fromstring(zf.read(f"{META.objid}/representations/rep1/METS.xml"))
    assert root + "tom/" in names and root + "djup/tom/tom/" in names
    entry = mets.xpath("//m:file[contains(m:FLocat/@xlink:href, 'b%C3%A5tplats')]", namespaces=NS)[0]
    assert entry.get("CHECKSUM") == hashlib.sha256(data).hexdigest()
    assert entry.get("SIZE") == str(len(data))


def test_the_metadata_says_who_what_and_when(tmp_path):
    result = build_package(flat(tmp_path / "export"), tmp_path / "paket.zip", META, LIMITS)
    with zipfile.ZipFile(result.path) as zf:
        mets = etree.fromstring(zf.read(f"{META.objid}/METS.xml"))
        schemas = {n.rsplit("/", 1)[1] for n in zf.namelist() if "/schemas/" in n}
        premis = zf.read(f"{META.objid}/representations/rep1/metadata/preservation/premis.xml")
        ead = zf.read(f"{META.objid}/metadata/descriptive/ead.xml")
        xsd = {n: zf.read(f"{META.objid}/schemas/{n}") for n in ("premis-v3-0.xsd", "ead3.xsd")}
    assert mets.get("OBJID") == META.objid and mets.get("LABEL") == META.label
    agents = {
        (a.get("ROLE"), a.get("OTHERROLE"), a.findtext("m:name", namespaces=NS))
        for a in mets.iter(f"{{{NS['m']}}}agent")
    }
    assert ("CREATOR", None, "Socialnämnden") in agents
    assert ("OTHER", "SUBMITTER", "Lunds kommun") in agents
    assert ("CREATOR", None, "SkånEarkiv") in agents
    assert mets.xpath("//m:altRecordID[@TYPE='SUBMISSIONAGREEMENT']/text()", namespaces=NS) == ["LÖ-lund-7-v2"]
    assert {"mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd"} <= schemas
    # The PREMIS and EAD3 files are valid against the schemas the package carries.
    for doc, name in ((premis, "premis-v3-0.xsd"), (ead, "ead3.xsd")):
        schema = etree.XMLSchema(etree.fromstring(xsd[name]))
        assert schema.validate(etree.fromstring(doc)), schema.error_log
    assert premis.count(b"<messageDigestAlgorithm>SHA-256</messageDigestAlgorithm>") == 5
    assert b"2005/2024" in ead and "Ärenden".encode() in ead


def test_ten_thousand_small_files(tmp_path):
    result = build_package(many_small(tmp_path / "export"), tmp_path / "paket.zip", META, LIMITS)
    assert result.files == 10_000
    _valid(result.path)


def test_a_5_gb_sparse_file_is_streamed_not_held_in_memory(tmp_path):
    size = 5 * 1024**3
    folder = sparse(tmp_path / "export", size)
    tracemalloc.start()
    try:
        result = build_package(folder, tmp_path / "paket.zip", META, LIMITS)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024**2  # a 1 MiB buffer and the metadata, never the file
    assert result.content_bytes == size
    expected = hashlib.sha256()
    zero = bytes(1024**2)
    for _ in range(size // len(zero)):
        expected.update(zero)
    with zipfile.ZipFile(result.path) as zf:
        mets = etree.fromstring(zf.read(f"{META.objid}/representations/rep1/METS.xml"))
    assert mets.xpath("//m:file/@CHECKSUM", namespaces=NS) == [expected.hexdigest()]
    _valid(result.path)


def _refused(tmp_path, export, limits=LIMITS) -> list[str]:
    out = tmp_path / "ut" / "paket.zip"
    out.parent.mkdir(exist_ok=True)
    with pytest.raises(ExportRefused) as caught:
        build_package(export, out, META, limits)
    assert list(out.parent.iterdir()) == []  # no package, no half package
    return caught.value.reasons


def _says(reasons, message, **params) -> None:
    assert str(message) % params in reasons, reasons


def test_paths_that_escape_are_refused(tmp_path):
    export = zip_with(tmp_path / "e.zip", {"ok.txt": b"ok", "../utanfor.txt": b"x", "/etc/passwd": b"x"})
    reasons = _refused(tmp_path, export)
    _says(reasons, msg.MSG_PATH_ESCAPES, name="../utanfor.txt")
    _says(reasons, msg.MSG_PATH_ESCAPES, name="/etc/passwd")


def test_links_are_refused_in_folders_zips_and_tars(tmp_path):
    folder = flat(tmp_path / "export")
    os.symlink("/etc/passwd", folder / "länk.txt")
    _says(_refused(tmp_path, folder), msg.MSG_LINK, name="länk.txt")

    export = zip_with(tmp_path / "e.zip", {"ok.txt": b"ok"}, symlinks={"länk": "/etc/passwd"})
    _says(_refused(tmp_path, export), msg.MSG_LINK, name="länk")

    tar = tmp_path / "e.tar"
    with tarfile.open(tar, "w") as tf:
        info = tarfile.TarInfo("ok.txt")
        info.size = 2
        tf.addfile(info, __import__("io").BytesIO(b"ok"))
        hard = tarfile.TarInfo("hård")
        hard.type, hard.linkname = tarfile.LNKTYPE, "ok.txt"
        tf.addfile(hard)
    _says(_refused(tmp_path, tar), msg.MSG_LINK, name="hård")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("rapport: 2024.txt", msg.MSG_NAME_CHARACTERS),
        ("vad?.txt", msg.MSG_NAME_CHARACTERS),
        ("tab\tbar.txt", msg.MSG_NAME_CHARACTERS),
        ("mapp\\fil.txt", msg.MSG_NAME_CHARACTERS),
        ("slutar med punkt.", msg.MSG_NAME_ENDING),
        ("CON.txt", msg.MSG_NAME_RESERVED),
    ],
)
def test_names_that_cannot_be_stored_are_refused(tmp_path, name, message):
    export = zip_with(tmp_path / "e.zip", {"ok.txt": b"ok", name: b"x"})
    reasons = _refused(tmp_path, export)
    assert any(r.startswith(str(message).split("%(name)s")[0]) or str(message) % {"name": name} == r for r in reasons)
    assert len(reasons) == 1


def test_a_name_that_is_not_utf8_is_refused(tmp_path):
    folder = flat(tmp_path / "export")
    with open(os.path.join(os.fsencode(folder), b"r\xe4kning.txt"), "wb") as fh:  # Latin-1 'räkning'
        fh.write(b"x")
    reasons = _refused(tmp_path, folder)
    assert reasons == [str(msg.MSG_NAME_ENCODING) % {"name": "r\ufffdkning.txt"}]


def test_names_that_differ_only_in_case_are_refused(tmp_path):
    export = zip_with(tmp_path / "e.zip", {"Beslut.txt": b"a", "beslut.txt": b"b"})
    _says(_refused(tmp_path, export), msg.MSG_NAME_CLASH, name="beslut.txt", other="Beslut.txt")


def test_an_export_over_the_size_limit_is_refused(tmp_path):
    folder = flat(tmp_path / "export")
    reasons = _refused(tmp_path, folder, ExportLimits(max_bytes=40))
    assert len(reasons) == 1 and reasons[0].startswith("Exporten är ")


def test_a_tar_refused_half_way_leaves_nothing(tmp_path):
    tar = tmp_path / "e.tgz"
    with tarfile.open(tar, "w:gz") as tf:
        for i, name in enumerate(["a.txt", "b.txt", "../c.txt", "d.txt"]):
            info = tarfile.TarInfo(name)
            data = f"fil {i}".encode()
            info.size = len(data)
            tf.addfile(info, __import__("io").BytesIO(data))
    _says(_refused(tmp_path, tar), msg.MSG_PATH_ESCAPES, name="../c.txt")


def test_an_empty_export_is_refused(tmp_path):
    (tmp_path / "export" / "tom").mkdir(parents=True)
    assert _refused(tmp_path, tmp_path / "export") == [str(msg.MSG_EXPORT_EMPTY)]


def test_a_file_that_is_no_archive_is_refused(tmp_path):
    (tmp_path / "export.zip").write_bytes(b"inte en zip-fil")
    assert _refused(tmp_path, tmp_path / "export.zip") == [str(msg.MSG_EXPORT_TYPE)]


def test_names_with_ampersands_and_quotes_are_recorded_exactly(tmp_path):
    name = "Protokoll & bilagor/KS 'utkast' 100% & mer.txt"
    folder = tmp_path / "export"
    (folder / "Protokoll & bilagor").mkdir(parents=True)
    (folder / name).write_bytes(b"Protokoll\n")
    result = build_package(folder, tmp_path / "paket.zip", META, LIMITS)
    _valid(result.path)
    with zipfile.ZipFile(result.path) as zf:
        mets = etree.fromstring(zf.read(f"{META.objid}/representations/rep1/METS.xml"))
        premis = etree.fromstring(zf.read(f"{META.objid}/representations/rep1/metadata/preservation/premis.xml"))
    (entry,) = mets.xpath("//m:file", namespaces=NS)
    assert entry.get("CHECKSUM") == hashlib.sha256(b"Protokoll\n").hexdigest()
    assert entry.get("SIZE") == "10"
    href = entry.xpath("m:FLocat/@xlink:href", namespaces=NS)[0]
    assert href == "data/Protokoll%20%26%20bilagor/KS%20%27utkast%27%20100%25%20%26%20mer.txt"
    values = premis.xpath("//p:objectIdentifierValue/text()", namespaces={"p": "http://www.loc.gov/premis/v3"})
    assert values == [f"data/{name}"]


def test_a_file_removed_during_the_build_leaves_nothing_and_stops_the_reading(tmp_path, monkeypatch):
    """The folder's files are read ahead in a thread: a file gone after the check fails the build, the
    thread ends, and no package (nor a part of one) is left."""
    import threading

    from onboarding.packaging.services import export as export_module

    folder = many_small(tmp_path / "export", count=300)
    victim = sorted(p for p in folder.rglob("*") if p.is_file())[150]
    real_open_dir = export_module._open_dir

    def open_then_remove(*args):
        opened = real_open_dir(*args)
        victim.unlink()
        return opened

    monkeypatch.setattr(export_module, "_open_dir", open_then_remove)
    with pytest.raises(FileNotFoundError):
        build_package(folder, tmp_path / "paket.zip", META, LIMITS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]
    assert not [t for t in threading.enumerate() if t.name.startswith("package-")]


def test_a_full_disk_while_writing_leaves_nothing(tmp_path, monkeypatch):
    """Small files go to the disk in a thread of their own: its failure is the build's failure."""
    import threading

    from onboarding.packaging.services import readahead

    folder = many_small(tmp_path / "export", count=1000)
    real_run = readahead.BackgroundWrites._run

    def full_disk(self):
        self.fp = _FullDisk()
        real_run(self)

    monkeypatch.setattr(readahead.BackgroundWrites, "_run", full_disk)
    monkeypatch.setattr("onboarding.packaging.services.writer.FLUSH_BYTES", 4096)
    with pytest.raises(OSError, match="No space"):
        build_package(folder, tmp_path / "paket.zip", META, LIMITS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]
    assert not [t for t in threading.enumerate() if t.name.startswith("package-")]


class _FullDisk:
    def write(self, data):
        raise OSError(28, "No space left on device")


def test_a_slow_disk_still_gives_a_whole_package(tmp_path, monkeypatch):
    """The small files' writes trail behind in their thread (a slow disk, a busy machine): the package
    must still hold every file at the place its header says, and pass the validator."""
    from onboarding.packaging.services import readahead

    folder = many_small(tmp_path / "export", count=600)
    real_run = readahead.BackgroundWrites._run

    def slow_disk(self):
        self.fp = _SlowDisk(self.fp)
        real_run(self)

    monkeypatch.setattr(readahead.BackgroundWrites, "_run", slow_disk)
    monkeypatch.setattr("onboarding.packaging.services.writer.FLUSH_BYTES", 2048)
    package = tmp_path / "paket.zip"
    build_package(folder, package, META, LIMITS)
    _valid(package)
    with zipfile.ZipFile(package) as zf:
        assert zf.testzip() is None
        data = {n.rsplit("/data/", 1)[1]: zf.read(n) for n in zf.namelist() if "/data/" in n and not n.endswith("/")}
    assert data == {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


class _SlowDisk:
    def __init__(self, fp):
        self.fp = fp

    def write(self, data):
        time.sleep(0.002)
        return self.fp.write(data)
