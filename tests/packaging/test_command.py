"""`manage.py package_build <subdomain> <connection-id> <export> --out <package.zip>`: exit 0 built, 1 refused."""

import io

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context

from onboarding.deliveries import services
from onboarding.packaging import messages as msg
from onboarding.validation import validate_package
from tests.deliveries.conftest import AGREEMENT_DATA, new_connection

from .exports import nested, zip_with

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("package_build", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_builds_a_valid_package(lund, ready_connection, tmp_path):
    out = tmp_path / "paket.zip"
    code, stdout, stderr = _run("lund", ready_connection.pk, nested(tmp_path / "export"), "--out", out)
    assert (code, stderr) == (0, "")
    assert "3 filer" in stdout
    report = validate_package(out)
    assert report.exit_code == 0 and report.summary()["warnings"] == 0, report.to_text()


def test_a_refused_export_exits_1_with_the_reasons_on_stderr(lund, ready_connection, tmp_path):
    export = zip_with(tmp_path / "e.zip", {"ok.txt": b"ok", "../ut.txt": b"x", "CON": b"y"})
    out = tmp_path / "paket.zip"
    code, stdout, stderr = _run("lund", ready_connection.pk, export, "--out", out)
    assert code == 1 and stdout == ""
    assert str(msg.MSG_PATH_ESCAPES) % {"name": "../ut.txt"} in stderr
    assert str(msg.MSG_NAME_RESERVED) % {"name": "CON"} in stderr
    assert list(tmp_path.glob("*paket*")) == []


def test_an_agreement_not_approved_exits_1(lund, tmp_path):
    conn = new_connection(lund)
    with tenant_context(lund):
        services.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=None)
    code, _stdout, stderr = _run("lund", conn.pk, nested(tmp_path / "export"), "--out", tmp_path / "p.zip")
    assert code == 1 and str(msg.MSG_AGREEMENT_NOT_APPROVED) in stderr
    assert not (tmp_path / "p.zip").exists()


def test_another_kommuns_connection_is_not_found(bjuv, ready_connection, tmp_path):
    code, _stdout, stderr = _run("bjuv", ready_connection.pk, nested(tmp_path / "export"), "--out", tmp_path / "p.zip")
    assert code == 1 and "har ingen anslutning" in stderr
