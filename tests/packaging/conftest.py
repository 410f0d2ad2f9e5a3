"""Fixtures for package builds: a connection in Lund in test delivery with an approved agreement, an export."""

import pytest

from onboarding.deliveries_index.phases import Phase
from tests.deliveries.conftest import _folders, approved_agreement, new_connection  # noqa: F401 - _folders is autouse

from .exports import as_zip, nested, swedish


@pytest.fixture
def ready_connection(lund):
    """Lund's connection in the test delivery phase, its agreement approved by both parties."""
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    approved_agreement(lund, conn)
    return conn


@pytest.fixture
def export_zip(tmp_path):
    folder = swedish(tmp_path / "export")
    nested(folder)
    return as_zip(folder, tmp_path / "export från Procapita.zip")
