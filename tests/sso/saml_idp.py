"""The tests' SAML 2.0 IdP: pysaml2's Server in its own process on loopback, signing with the key the test made.

    SAML_IDP_KEY=<pem file> SAML_IDP_CERT=<pem file> python -m tests.sso.saml_idp

GET /metadata         the IdP's metadata (entity id, SSO endpoint, signing certificate)
GET /sso/redirect     an AuthnRequest (HTTP-Redirect binding). Without `user=`: the IdP's sign-in page (an
                      e-mail field), which asks again with it. With `user=`: an HTML form that POSTs the
                      response to the SP's ACS (HTTP-POST binding). Being a test IdP, it signs in the
                      person named by `user=` and answers as `mode=` says: ok (signed assertion),
                      unsigned (its signature removed), tampered (signed, then the e-mail changed),
                      wrong_audience (signed, for another SP) or expired (signed, lifetime in the past).
Prints "LISTENING <port>" once it serves.
"""

import html
import os
import sys
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from lxml import etree
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server

SIGN_ALG = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"  # pysaml2's default, SHA-1, is refused (rightly)
DIGEST_ALG = "http://www.w3.org/2001/04/xmlenc#sha256"
OTHER_SP = "https://another-service.example/saml/metadata/"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def _config(base: str, lifetime_minutes: int) -> IdPConfig:
    config = IdPConfig()
    config.load({
        "entityid": f"{base}/metadata",
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "key_file": os.environ["SAML_IDP_KEY"],
        "cert_file": os.environ["SAML_IDP_CERT"],
        "service": {"idp": {
            "name": "Test IdP",
            "endpoints": {"single_sign_on_service": [(f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)]},
            "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
            "policy": {"default": {"lifetime": {"minutes": lifetime_minutes}, "name_form": NAME_FORMAT_URI}},
            "want_authn_requests_signed": False,
        }},
    })  # fmt: skip
    return config


def _without_signatures(xml: str) -> str:
    """The same response with every XML signature taken out: an assertion nobody vouches for."""
    root = etree.fromstring(xml.encode(), etree.XMLParser(resolve_entities=False, no_network=True))
    for signature in root.iter("{http://www.w3.org/2000/09/xmldsig#}Signature"):
        signature.getparent().remove(signature)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()


class Idp:
    def __init__(self, base: str):
        self.server = Server(config=_config(base, 15))
        self.expired = Server(config=_config(base, -60))  # every "not on or after" an hour ago

    def metadata(self) -> bytes:
        metadata = create_metadata_string(None, config=self.server.config, valid=24 * 7)
        return metadata if isinstance(metadata, bytes) else metadata.encode()

    def answer(self, query: dict) -> bytes:
        request = self.server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT).message
        mode, email = query.get("mode", "ok"), query["user"]
        server = self.expired if mode == "expired" else self.server
        response = str(server.create_authn_response(
            identity={"mail": [email]}, in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=OTHER_SP if mode == "wrong_audience" else request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
            sign_response=False, sign_assertion=True, sign_alg=SIGN_ALG, digest_alg=DIGEST_ALG,
        ))  # fmt: skip
        if mode == "tampered":
            response = response.replace(email, query["tamper_to"])
        elif mode == "unsigned":
            response = _without_signatures(response)
        http = server.apply_binding(BINDING_HTTP_POST, response, request.assertion_consumer_service_url,
                                    query.get("RelayState", ""), response=True)  # fmt: skip
        data = http["data"]
        return data.encode() if isinstance(data, str) else data


def _sign_in_form(query: dict) -> bytes:
    """The IdP's own sign-in page for a browser: who are you (a test IdP asks nothing more)."""
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in query.items()
        if k in ("SAMLRequest", "RelayState", "SigAlg", "Signature")
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test SAML IdP</title></head><body><main>'
        '<h1>Test SAML IdP – sign in</h1><form method="get" action="/sso/redirect">'
        f'{hidden}<label for="user">E-mail</label> <input id="user" name="user" type="email">'
        '<button type="submit">Sign in at the IdP</button></form></main></body></html>'
    ).encode()


def _app(idp: Idp):
    def app(environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            if path == "/metadata":
                body, kind = idp.metadata(), "application/samlmetadata+xml"
            elif path == "/sso/redirect" and "user" not in query:
                body, kind = _sign_in_form(query), "text/html; charset=utf-8"
            elif path == "/sso/redirect":
                body, kind = idp.answer(query), "text/html; charset=utf-8"
            else:
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"not found"]
        except Exception as error:  # a test IdP: say what went wrong to the test
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [html.escape(repr(error)).encode()]
        start_response("200 OK", [("Content-Type", kind)])
        return [body]

    return app


def main() -> None:
    server = _Server(("127.0.0.1", 0), _QuietHandler)
    port = server.server_port
    server.set_app(_app(Idp(f"http://127.0.0.1:{port}")))
    print(f"LISTENING {port}", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
