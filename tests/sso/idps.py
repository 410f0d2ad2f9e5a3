"""The tests' real identity providers, each in its own process on loopback: an OpenID Connect provider built
from django-oauth-toolkit (tests/sso/oidc_idp) and a SAML 2.0 IdP built from pysaml2 (tests/sso/saml_idp.py).

Nothing of the protocol is mocked: the platform talks to them over HTTP as it would to Entra ID or ADFS.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60  # seconds; the OIDC provider migrates its SQLite file first (~2 s here)


def rsa_private_key_pem() -> str:
    """A fresh RS256 signing key for this run (never a key from the repository)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@dataclass
class IdpProcess:
    process: subprocess.Popen
    port: int
    workdir: tempfile.TemporaryDirectory
    log: Path
    extra: dict = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.workdir.cleanup()


def _start(module: str, env: dict, workdir: tempfile.TemporaryDirectory) -> IdpProcess:
    log = Path(workdir.name) / "stderr.log"
    process = subprocess.Popen(
        [sys.executable, "-m", module], cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
        stderr=log.open("w"), text=True,
    )  # fmt: skip
    deadline = time.monotonic() + START_TIMEOUT
    line = ""
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("LISTENING "):
            return IdpProcess(process=process, port=int(line.split()[1]), workdir=workdir, log=log)
        if not line and process.poll() is not None:
            break
    process.kill()
    raise RuntimeError(f"{module} did not start: {line!r}\n{log.read_text()[-3000:]}")


def start_oidc_provider(*, users: list[dict], client: dict) -> IdpProcess:
    """django-oauth-toolkit with OIDC on its own port; issuer http://127.0.0.1:<port>/o."""
    workdir = tempfile.TemporaryDirectory(prefix="oidc-idp-")
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.sso.oidc_idp.settings",
        "IDP_DATABASE": str(Path(workdir.name) / "idp.sqlite3"),
        "IDP_RSA_PRIVATE_KEY": rsa_private_key_pem(),
        "IDP_SPEC": json.dumps({"users": users, "client": client}),
        "OAUTHLIB_INSECURE_TRANSPORT": "1",  # plain http on loopback (oauthlib refuses it otherwise)
    }
    idp = _start("tests.sso.oidc_idp.serve", env, workdir)
    idp.extra["issuer"] = f"{idp.base_url}/o"
    return idp


def self_signed_certificate(key_pem: str, common_name: str) -> str:
    """A self-signed certificate for the IdP's signing key (as an IdP's metadata publishes it)."""
    key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def start_saml_idp() -> IdpProcess:
    """pysaml2's IdP on its own port, with a signing key and certificate made for this run."""
    workdir = tempfile.TemporaryDirectory(prefix="saml-idp-")
    key_pem = rsa_private_key_pem()
    key_file, cert_file = Path(workdir.name) / "idp.key", Path(workdir.name) / "idp.crt"
    key_file.write_text(key_pem)
    cert_file.write_text(self_signed_certificate(key_pem, "Test IdP"))
    idp = _start("tests.sso.saml_idp", {"SAML_IDP_KEY": str(key_file), "SAML_IDP_CERT": str(cert_file)}, workdir)
    idp.extra["entity_id"] = f"{idp.base_url}/metadata"
    return idp
