"""Run the tests' OIDC provider: migrate its SQLite file, create its users and the platform's client, listen.

    IDP_SPEC='{"users": [...], "client": {...}}' python -m tests.sso.oidc_idp.serve

The socket is bound first (port 0: the system picks a free one, nobody can take it in between), so the issuer
carries the real port; the process prints "LISTENING <port>" once it serves. tests/sso/idps.py starts and stops it.
"""

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def _prepare(spec: dict) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import Application

    for person in spec["users"]:
        get_user_model().objects.create_user(
            username=person["username"], email=person["email"], password=person["password"],
            first_name=person.get("name", ""),
        )  # fmt: skip
    client = spec["client"]
    Application.objects.create(
        name=client.get("name", "SkånEarkiv"), client_id=client["client_id"], client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]), algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )  # fmt: skip


def main() -> None:
    spec = json.loads(os.environ["IDP_SPEC"])
    server = _Server(("127.0.0.1", 0), _QuietHandler)
    port = server.server_port
    os.environ["IDP_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.sso.oidc_idp.settings")
    _prepare(spec)
    from django.core.wsgi import get_wsgi_application

    server.set_app(get_wsgi_application())
    print(f"LISTENING {port}", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
