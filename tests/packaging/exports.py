"""Exports as kommuner get them from their vendors: folders, ZIP and TAR files, built on disk for the tests."""

import os
import tarfile
import zipfile
from pathlib import Path

from onboarding.packaging.services.writer import PackageMetadata

META = PackageMetadata(
    objid="lund-7-20260101-abcdef12",
    label="Procapita 2005–2024",
    archival_creator="Socialnämnden",
    submitter="Lunds kommun",
    submitter_code="1281",
    contact="Arvid Arkivarie",
    preservation="SkånEarkiv",
    software_version="0.1.0",
    agreement="LÖ-lund-7-v2",
    previous_agreement="LÖ-lund-7-v1",
    period_from=2005,
    period_to=2024,
    information_types=["Ärenden", "diarium"],
    system="Procapita",
)


def write_files(root: Path, files: dict[str, bytes], empty_dirs: tuple[str, ...] = ()) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for rel in empty_dirs:
        (root / rel).mkdir(parents=True, exist_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    return root


def flat(root: Path) -> Path:
    return write_files(root, {f"dokument{i}.pdf": f"%PDF-1.7 dokument {i}\n".encode() for i in range(5)})


def nested(root: Path) -> Path:
    return write_files(
        root,
        {
            "2023/01/protokoll.xml": b"<protokoll/>\n",
            "2023/02/bilagor/bilaga.csv": b"id;namn\n1;Ada\n",
            "2024/beslut/beslut.txt": b"Beslut.\n",
        },
    )


def swedish(root: Path) -> Path:
    return write_files(
        root,
        {
            "Ärenden och beslut/Överklagande 2024 – Åsa Öberg.pdf": b"%PDF-1.7 a\n",
            "Ärenden och beslut/båtplats ändring.txt": "Båtplatsen är ändrad.\n".encode(),
            "räkna 100% rätt/lista (1).csv": b"a;b\n",
        },
    )


def with_empty_dirs(root: Path) -> Path:
    return write_files(root, {"ett/fil.txt": b"fil\n"}, empty_dirs=("tom", "ett/tom inuti", "djup/tom/tom"))


def many_small(root: Path, count: int = 10_000) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        folder = root / f"mapp {i % 100:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"post {i}.txt").write_bytes(f"post {i}\n".encode())
    return root


def sparse(root: Path, size: int) -> Path:
    """One file of `size` bytes that takes no room on disk (its blocks are holes)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "databasdump.bak", "wb") as fh:
        fh.truncate(size)
    return root


def as_zip(folder: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for dirpath, dirnames, filenames in os.walk(folder):
            for name in dirnames:
                full = Path(dirpath, name)
                if not any(full.iterdir()):
                    zf.writestr(full.relative_to(folder).as_posix() + "/", b"")
            for name in filenames:
                full = Path(dirpath, name)
                zf.write(full, full.relative_to(folder).as_posix())
    return dest


def as_tar(folder: Path, dest: Path) -> Path:
    with tarfile.open(dest, "w:gz") as tf:
        for path in sorted(folder.rglob("*")):
            tf.add(path, path.relative_to(folder).as_posix(), recursive=False)
    return dest


def zip_with(dest: Path, members: dict[str, bytes], symlinks: dict[str, str] | None = None) -> Path:
    """A ZIP written by hand: any member name, and symbolic links as Unix zip tools store them."""
    with zipfile.ZipFile(dest, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            zf.writestr(info, target)
    return dest
