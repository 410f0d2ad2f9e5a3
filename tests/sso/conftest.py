"""The tests' identity providers, started once per module as their own processes (tests/sso/idps.py)."""

import pytest
import requests

from tests.sso.idps import start_saml_idp


@pytest.fixture(scope="module")
def saml_idp():
    idp = start_saml_idp()
    idp.extra["metadata_xml"] = requests.get(f"{idp.base_url}/metadata", timeout=10).text
    yield idp
    idp.stop()
