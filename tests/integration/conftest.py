"""The demo on the test world (Lund and Bjuv): systems, the decided plan and its connections, seeded by the
same hooks as `manage.py seed_demo`."""

import pytest


@pytest.fixture
def folders(settings, tmp_path):
    """Stored deliveries and the archive's ingest area of each test are its own temporary folders."""
    settings.INGEST_DIR = tmp_path / "ingest"
    settings.ARCHIVE_INGEST_DIR = tmp_path / "archive"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def demo_result(lund, bjuv, consortium, forvaltare, ledning, arkivarie_lund, arkivarie_bjuv, kontakt_lund):
    return {
        "consortium": consortium,
        "kommuner": [lund, bjuv],
        "users": [forvaltare, ledning, kontakt_lund, arkivarie_lund, arkivarie_bjuv],
    }


def seed_demo_apps(result: dict, apps=("onboarding", "onboarding.planning", "onboarding.deliveries")) -> None:
    from importlib import import_module

    for name in apps:
        import_module(f"{name}.demo").seed_demo(result)


@pytest.fixture
def demo(demo_result, folders):
    seed_demo_apps(demo_result)
    return demo_result
