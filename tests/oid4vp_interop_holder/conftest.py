"""The independent OpenID4VP verifier (tests/oid4vp_interop_holder/verifier.mjs, built on
@openid4vc/openid4vp, dcql and @sd-jwt/sd-jwt-vc) as a live https server on loopback,
trusting the live Satchel server's did:web issuer."""

from __future__ import annotations

import datetime
import ipaddress
import json
import shutil
import ssl
import subprocess
import urllib.request

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import REPO
from tests.e2e.collect import Console
from tests.oracle import bundled_contexts, server_documents

NODE = shutil.which("node") or "node"
SCRIPT = REPO / "tests" / "oid4vp_interop_holder" / "verifier.mjs"


def self_signed(tmp) -> tuple[str, str]:
    """A TLS certificate for 127.0.0.1 and localhost (the browser context is told to accept it).
    Its key also signs the x509_san_dns request objects (x5c: this certificate, not from any CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = tmp / "key.pem", tmp / "cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class Verifier:
    def __init__(self, proc: subprocess.Popen, url: str):
        self.proc = proc
        self.url = url
        self._tls = ssl.create_default_context()
        self._tls.check_hostname = False
        self._tls.verify_mode = ssl.CERT_NONE

    def _call(self, path: str, body: dict | None = None) -> dict:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.url + path, data=data, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=20, context=self._tls) as r:
            return json.loads(r.read())

    def request(self, dcql_query: dict, **options) -> dict:
        """A new authorization request: {id, uri (openid4vp://…), payload}."""
        return self._call("/requests", {"dcql_query": dcql_query, **options})

    def result(self, request_id: str) -> dict | None:
        return self._call(f"/results/{request_id}")


@pytest.fixture(scope="module")
def vp_verifier(live_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vp-verifier")
    key, cert = self_signed(tmp)
    # What the verifier trusts for ldp_vc: the bundled JSON-LD contexts and the issuer's DID document.
    documents = tmp / "documents.json"
    documents.write_text(json.dumps({**bundled_contexts(), **server_documents(live_server.url)}))
    config = {
        "trusted_did_web_http": live_server.url,
        "key": key,
        "cert": cert,
        "documents": str(documents),
    }
    proc = subprocess.Popen(
        [NODE, str(SCRIPT), json.dumps(config)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        pytest.fail(f"the OpenID4VP verifier did not start: {proc.stderr.read()}")
    yield Verifier(proc, json.loads(line)["url"])
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def console(live_server):
    """The real issuer console of the shared live server, signed in once per module."""
    c = Console(live_server)
    yield c
    c.close()
