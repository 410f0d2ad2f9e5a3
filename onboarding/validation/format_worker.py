"""PRONOM format identification with fido's signatures, loaded and compiled once (runs in worker processes).

``fido`` (opf-fido) ships PRONOM's signatures as regular expressions and matches them the
way DROID does: every format's byte sequences against the first and last 128 kB of a file,
a format with priority over another removing it, container signatures (OOXML, ODF, OLE2)
looked up inside ZIP and OLE files, and the file extension when no signature matches.
Its command line spends most of a file's ~7 ms re-finding the patterns in the XML tree and
re-compiling them (more patterns than ``re``'s cache holds). :class:`Matcher` compiles
them once and then follows ``fido.Fido.match_formats`` and ``identify_file`` step by step,
so it answers what the ``fido`` command answers, faster.

This module imports only the standard library and ``fido``: it is also the program of the
identification workers (``python -I format_worker.py``), which read NUL-separated paths on
stdin and write one JSON line per file, in order: ``[puid, name, version, mimes, method,
pdfa_claim]`` (puid ``""`` when nothing matched).
"""

from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

BUFSIZE = 128 * 1024  # fido's default bufsize: the head and the tail that are matched
_PDFA_CLAIMS = (b"GTS_PDFA", b"pdfaid:", b"PDF/A")


class Format:
    """One PRONOM format: its identity and its compiled signatures."""

    __slots__ = ("puid", "name", "version", "mimes", "container", "priority_over", "signatures", "broken", "element")

    def __init__(self, element: ET.Element, compiled: dict):
        self.element = element
        self.puid = element.findtext("puid")
        self.name = element.findtext("name") or ""
        self.version = element.findtext("version") or ""
        self.mimes = tuple(m.text for m in element.findall("mime") if m.text)
        container = element.find("container")
        self.container = container.text if container is not None else ("ole" if self.puid == "fmt/111" else None)
        self.priority_over = frozenset(p.text for p in element.findall("has_priority_over"))
        self.signatures = []
        for sig in element.findall("signature"):
            patterns, lead = [], None
            for number, pat in enumerate(sig.findall("pattern")):
                pos = pat.find("position").text
                regex = pat.find("regex").text.encode("utf8")
                patterns.append((pos, _compile(regex, pos, compiled)))
                if number == 0 and pos == "BOF":
                    lead = _lead_byte(regex)
            self.signatures.append((sig.findtext("name"), patterns, lead))


def _compile(regex: bytes, pos: str, compiled: dict):
    """(compiled pattern, tail width, required bytes) or None when it does not compile (fido then skips the format).

    Both shortcuts keep fido's answer: a match that must end at the end of the tail starts within
    the pattern's maximum width of it, and a pattern cannot match a buffer that lacks a byte run
    every match contains (most patterns fail on most files, and ``bytes in`` is far cheaper than
    a regular expression that must be tried at every position, like ``.{30}\x91\x07...``).
    """
    key = (regex, pos)
    if key not in compiled:
        try:
            pattern = re.compile(regex)
            parsed = re._parser.parse(regex)  # noqa: SLF001 - the stdlib's own parser
        except re.error:
            compiled[key] = None
            return None
        width = None
        high = parsed.getwidth()[1]
        if pos == "BOF" or (pos == "EOF" and regex.endswith(rb"\Z")):
            # BOF: a match starts at 0, so it lies within the first `high` bytes; EOF: within the last.
            width = high if high < 1 << 20 else None
        required = b""
        if not pattern.flags & re.IGNORECASE and _starts_with_any_bytes(parsed, 256 if pos == "BOF" else 0):
            # Only there: ``re`` searches a pattern that starts with a byte as fast as ``in`` would,
            # but tries ``.{30}\x91\x07...`` (or ``\A.{32768,70468}...``) at every position.
            required = _required_bytes(parsed)
        compiled[key] = (pattern, width, required or None)
    return compiled[key]


def _lead_byte(regex: bytes) -> int | None:
    """The byte a BOF pattern needs at offset 0 (``\\A\\x25PDF`` needs 0x25), or None."""
    try:
        pattern = re.compile(regex)
        items = list(re._parser.parse(regex))  # noqa: SLF001
    except re.error:
        return None
    c = re._constants  # noqa: SLF001
    if pattern.flags & re.IGNORECASE:
        return None
    while items and items[0][0] is c.AT and items[0][1] is c.AT_BEGINNING_STRING:
        items = items[1:]
    return items[0][1] if items and items[0][0] is c.LITERAL else None


def _starts_with_any_bytes(parsed, min_spread: int) -> bool:
    r"""True for a pattern that starts (after ``\A``) with a repeat of any byte, like ``.{30}``.

    A BOF pattern is matched at the start only: ``\A.{8}WAVE`` fails after 12 bytes, and only a
    wide range (``\A.{32768,70468}``) makes ``re`` try many places.
    """
    c = re._constants  # noqa: SLF001
    items = [item for item in parsed if item[0] is not c.AT]
    if not items or items[0][0] not in (c.MAX_REPEAT, c.MIN_REPEAT):
        return False
    low, high, body = items[0][1]
    body = list(body)
    return len(body) == 1 and body[0][0] is c.ANY and high - low >= min_spread


def _required_bytes(parsed) -> bytes:
    """The longest run of literal bytes at the top level of a parsed pattern (every match contains it)."""
    literal = re._constants.LITERAL  # noqa: SLF001
    best, run = b"", bytearray()
    for op, arg in parsed:
        if op is literal:
            run.append(arg)
            continue
        if len(run) > len(best):
            best = bytes(run)
        run = bytearray()
    return bytes(run) if len(run) > len(best) else best


class Matcher:
    """fido's identification with its signatures compiled once."""

    def __init__(self):
        from fido import CONFIG_DIR
        from fido.fido import Fido
        from fido.versions import get_local_versions

        versions = get_local_versions(CONFIG_DIR)
        files = [versions.pronom_signature, versions.fido_extension_signature]
        self.fido = Fido(quiet=True, format_files=files, conf_dir=CONFIG_DIR, handle_matches=lambda *a, **k: None)
        compiled: dict = {}
        self.formats = [Format(element, compiled) for element in self.fido.formats]
        self.by_puid = {f.puid: f for f in self.formats}
        self._by_first: dict[int, list] = {}
        self.signature_version = versions.pronom_signature
        self._containers: dict[str, dict] = {}
        container_doc = ET.parse(os.path.join(CONFIG_DIR, versions.pronom_container_signature))
        for kind in ("ZIP", "OLE2"):
            self._containers[kind] = self.fido.extract_signatures(container_doc, signature_type=kind)
        self._extensions: dict[str, list[Format]] = {}
        for fmt in self.formats:
            for ext in fmt.element.findall("extension"):
                if ext.text:
                    bucket = self._extensions.setdefault(ext.text, [])
                    if fmt not in bucket:
                        bucket.append(fmt)

    def _candidates(self, first: int) -> list:
        """The formats, in fido's order, with the signatures a file starting with byte `first` can match.

        A signature whose first pattern needs another byte at offset 0 cannot match, and a format
        without signatures never does: leaving them out changes nothing but the time.
        """
        found = self._by_first.get(first)
        if found is None:
            found = []
            for fmt in self.formats:
                sigs = [(name, pats) for name, pats, lead in fmt.signatures if lead is None or lead == first]
                if sigs:
                    found.append((fmt, sigs))
            self._by_first[first] = found
        return found

    @staticmethod
    def _as_good_as_any(fmt: Format, found: list) -> bool:
        puid = fmt.puid
        for other, _name in found:
            if other is not fmt and puid in other.priority_over:
                return False
        return True

    def match(self, bof: bytes, eof: bytes) -> list[tuple[Format, str]]:
        """``fido.Fido.match_formats``: the (format, signature name) pairs, inferior ones removed."""
        found: list[tuple[Format, str]] = []
        eof_len = len(eof)
        for fmt, signatures in self._candidates(bof[0] if bof else -1):
            if found and not self._as_good_as_any(fmt, found):
                continue
            for sig_name, patterns in signatures:
                success = True
                broken = False
                for pos, entry in patterns:
                    if entry is None:
                        broken = True
                        break
                    pattern, width, required = entry
                    if required is not None:
                        if pos == "EOF":
                            start = eof_len - width if width is not None and width < eof_len else 0
                            if eof.find(required, start) < 0:
                                success = False
                                break
                        elif pos == "BOF" and width is not None:
                            if bof.find(required, 0, width) < 0:
                                success = False
                                break
                        elif required not in bof:
                            success = False
                            break
                    if pos == "BOF":
                        if not pattern.match(bof):
                            success = False
                            break
                    elif pos == "EOF":
                        if width is not None and width < eof_len:
                            ok = pattern.search(eof, eof_len - width)
                        else:
                            ok = pattern.search(eof)
                        if not ok:
                            success = False
                            break
                    elif pos in ("VAR", "IFB"):
                        if not pattern.search(bof):
                            success = False
                            break
                if broken:
                    break  # fido's match_formats drops the rest of a format whose pattern raises
                if success:
                    found.append((fmt, sig_name))
        return [m for m in found if self._as_good_as_any(m[0], found)]

    def match_extension(self, path: str) -> list[tuple[Format, str]]:
        """``fido.Fido.match_extensions``."""
        ext = os.path.splitext(path)[1].lower().lstrip(".")
        found = [(fmt, "External") for fmt in self._extensions.get(ext, [])] if ext else []
        return [m for m in found if self._as_good_as_any(m[0], found)]

    def _container(self, kind: str, path: str) -> list[tuple[Format, str]]:
        from fido.package import OlePackage, ZipPackage

        klass = ZipPackage if kind == "ZIP" else OlePackage
        try:
            puids = klass(path, self._containers[kind]).detect_formats()
        except Exception:  # noqa: BLE001 - a broken container is identified by its outer signature
            return []
        return [(self.by_puid[p], self.by_puid[p].name) for p in puids if p in self.by_puid]

    def identify(self, path: str, size: int, bof: bytes, eof: bytes) -> list:
        """``fido.Fido.identify_file`` on buffers already read: [puid, name, version, mimes, method, pdfa_claim]."""
        matches = self.match(bof, eof)
        method = "signature"
        container = next((f.container for f, _n in matches if f.container), None)
        if container in ("zip", "ole"):
            inner = self._container("ZIP" if container == "zip" else "OLE2", path)
            if inner:
                matches, method = inner, "container"
        if not matches or size == 0:
            matches, method = self.match_extension(path), "extension"
        if not matches:
            return ["", "", "", [], "none", False]
        fmt = matches[0][0]
        claim = fmt.puid in PDF_PUIDS and any(c in bof or c in eof for c in _PDFA_CLAIMS)
        return [fmt.puid, fmt.name, fmt.version, list(fmt.mimes), method, claim]


# PRONOM's PDF versions (fmt/14-20, 276, 1129) and the PDF/A ones are told apart by _PDFA_PUIDS in formats.py.
PDF_PUIDS = frozenset(["fmt/14", "fmt/15", "fmt/16", "fmt/17", "fmt/18", "fmt/19", "fmt/20", "fmt/276", "fmt/1129"])


def read_head_tail(path: str) -> tuple[int, bytes, bytes]:
    """The first and last BUFSIZE bytes of a file, each read once (one read for a small file)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        head = os.read(fd, BUFSIZE)
        if size <= BUFSIZE:
            return size, head, head
        if size < 2 * BUFSIZE:
            rest = os.read(fd, size - len(head))
            return size, head, (head + rest)[-BUFSIZE:]
        return size, head, os.pread(fd, BUFSIZE, size - BUFSIZE)
    finally:
        os.close(fd)


def main() -> None:
    """Worker: NUL-separated paths on stdin, one JSON line per path on stdout, in order."""
    matcher = Matcher()
    out = open(1, "w", buffering=1 << 16, closefd=False, encoding="utf-8")
    data = sys.stdin.buffer.read()
    for raw in data.split(b"\0"):
        if not raw:
            continue
        path = os.fsdecode(raw)
        try:
            size, head, tail = read_head_tail(path)
            line = matcher.identify(path, size, head, tail)
        except OSError:
            line = None
        out.write(json.dumps(line) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
