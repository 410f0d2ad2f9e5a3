"""A real ClamAV daemon for the tests, with a signature database the tests make (no freshclam here).

The database holds two signatures: the EICAR test file (by its MD5, an .hdb signature) and one of
our own (a byte sequence, an .ndb signature), so a test can tell "a signature" from "that signature".
clamd listens on a unix socket in a temporary folder and is stopped when the session ends.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.needs import need

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
# The EICAR anti-virus test file (harmless; every scanner reports it), assembled so this source is not flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Eicar-Test-Signature"
CUSTOM_BYTES = b"SKANEARKIV-TESTSIGNATUR-" + b"SKADLIG-KOD-4711"
CUSTOM_SIGNATURE = "Skanearkiv.Test.Custom"


@dataclass
class Clamd:
    socket: str
    process: subprocess.Popen
    folder: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_clamd() -> Clamd:
    """Start clamd with the test signatures; fails (or skips with ALLOW_SKIP=clamd) when clamd is missing."""
    if not os.path.exists(CLAMD):
        need("clamd", f"clamd is not installed ({CLAMD})", "apt-get install clamav-daemon")
    folder = Path(tempfile.mkdtemp(prefix="clamd-"))
    db = folder / "db"
    db.mkdir()
    (db / "test.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{EICAR_SIGNATURE}\n")
    (db / "test.ndb").write_text(f"{CUSTOM_SIGNATURE}:0:*:{CUSTOM_BYTES.hex()}\n")
    sock = folder / "clamd.sock"
    conf = folder / "clamd.conf"
    conf.write_text(
        f"LocalSocket {sock}\nDatabaseDirectory {db}\nForeground yes\nLogFile {folder / 'clamd.log'}\n"
        f"PidFile {folder / 'clamd.pid'}\nStreamMaxLength 200M\nMaxThreads 8\n"
        + ("User root\n" if os.geteuid() == 0 else "")
    )
    proc = subprocess.Popen([CLAMD, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not sock.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            log = (folder / "clamd.log").read_text(errors="replace")[-2000:] if (folder / "clamd.log").exists() else ""
            proc.kill()
            raise RuntimeError(f"clamd did not start: {log}")
        time.sleep(0.05)
    return Clamd(str(sock), proc, folder)
