"""Fixtures for the tests that run a real Celery worker."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A transactional test empties public, so the world's users are re-created (hashed) for each test:
    a cheap hasher saves ~1.5 s a test. PBKDF2 stays listed for users made before the flush."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
