"""The IdP client secret at rest: sealed (Fernet) with a key derived from SECRET_KEY, so a copy of the database
alone does not hand anyone the kommun's IdP secret. SECRET_KEY_FALLBACKS still open secrets sealed before a key
rotation; a secret no key opens reads as empty, and the förvaltning enters it again."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _keys() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"tenants.sso:{s}".encode()).digest())) for s in secrets]
    )


def seal(text: str) -> str:
    return _keys().encrypt(text.encode()).decode() if text else ""


def unseal(token: str) -> str:
    if not token:
        return ""
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
