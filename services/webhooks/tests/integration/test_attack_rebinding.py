"""DNS rebinding: the address is checked at every delivery and the connection goes to exactly that address.

Real MongoDB, RabbitMQ and local HTTP(S) receivers; only the DNS answers are scripted (an injected resolver),
since a test cannot re-point a real name at will.
"""
import datetime
import functools
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from kefulib.authn import Principal
from kefulib.messaging import Event
from kefulib.store import TenantCollection
from webhooks import handlers
from webhooks.config import WebhooksConfig
from webhooks.sender import send_due
from webhooks.transport import post
from werkzeug.serving import make_server

from .support import LOCAL, SCOPE, Receiver, publish, subscribe

STRICT = WebhooksConfig()  # production: private targets off
INTEGRATOR = Principal("integrator", "p1", "client-1", frozenset(), frozenset(SCOPE))


class ScriptedDns:
    """Answers each name from a script, one answer per lookup, and records what was asked."""

    def __init__(self, **answers):
        self.answers = {name.replace("_", "."): list(queue) for name, queue in answers.items()}
        self.asked = []

    def __call__(self, host, port):
        self.asked.append((host, port))
        queue = self.answers[host]
        return [queue.pop(0) if len(queue) > 1 else queue[0]]


def test_attack_dns_rebinding_to_loopback_after_subscribing_is_not_delivered(db, consumer, receiver, mongo_client,
                                                                             settings):
    url = f"http://hooks.rebind.test:{receiver.server.server_port}/hook"
    dns = ScriptedDns(hooks_rebind_test=["93.184.216.34", "127.0.0.1"])  # public at subscribe, local at send
    subscriptions = TenantCollection(db.subscriptions, "p1")
    handlers.create_subscription(subscriptions, INTEGRATOR, {"url": url, "event_types": ["*"], "description": ""},
                                 STRICT, resolve=dns)
    publish(mongo_client, settings, Event("ticketing.ticket.created", "p1", {"ticket_id": "t-1"}))
    consumer.drain()

    assert send_due(db, STRICT, resolve=dns) == 1
    assert receiver.received == []  # the local receiver was never contacted
    delivery = db.deliveries.find_one()
    (entry,) = delivery["log"]
    assert "non-public address" in entry["error"] and entry["status_code"] is None
    assert delivery["status"] == "pending" and delivery["attempts"] == 1  # retried later, checked again then
    assert [host for host, _ in dns.asked] == ["hooks.rebind.test", "hooks.rebind.test"]


def test_a_delivery_connects_to_the_checked_address_with_the_subscribers_host_header(app, db, consumer, receiver,
                                                                                     mongo_client, settings,
                                                                                     token_factory):
    port = receiver.server.server_port
    subscribe(app, token_factory, f"http://hooks.pinned.test:{port}/hook?k=1")
    # The name exists only in this scripted DNS: had the sender looked it up again itself, it would fail.
    dns = ScriptedDns(hooks_pinned_test=["127.0.0.1"])
    publish(mongo_client, settings, Event("ticketing.ticket.created", "p1", {"ticket_id": "t-1"}))
    consumer.drain()

    assert send_due(db, LOCAL, resolve=dns) == 1
    (headers, _), = receiver.received
    assert headers["Host"] == f"hooks.pinned.test:{port}"
    assert dns.asked == [("hooks.pinned.test", port)]  # resolved once, at send time
    assert db.deliveries.find_one()["status"] == "delivered"


# --- TLS: the certificate is verified against the host name, which also goes out as SNI -------------------

class TlsReceiver(Receiver):
    """The recording receiver behind TLS, with a certificate for one name; it records the SNI it is sent."""

    def __init__(self, cert_file, key_file):
        self.received, self.fail, self.sni = [], False, []
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        context.sni_callback = lambda sock, name, ctx: self.sni.append(name)
        self.server = make_server("127.0.0.1", 0, self.app, ssl_context=context)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for hooks.tls.test, and the file a sender trusts it from."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hooks.tls.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("hooks.tls.test")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


@pytest.fixture
def tls_receiver(certificate):
    r = TlsReceiver(*certificate)
    yield r
    r.server.shutdown()


@pytest.mark.parametrize("name, delivered", [("hooks.tls.test", True), ("impostor.tls.test", False)])
def test_attack_pinned_tls_delivery_still_verifies_the_certificate_against_the_host_name(
        app, db, consumer, mongo_client, settings, token_factory, certificate, tls_receiver, name, delivered):
    port = tls_receiver.server.server_port
    subscribe(app, token_factory, f"https://{name}:{port}/hook")
    dns = ScriptedDns(**{name.replace(".", "_"): ["127.0.0.1"]})
    publish(mongo_client, settings, Event("ticketing.ticket.created", "p1", {"ticket_id": "t-1"}))
    consumer.drain()

    assert send_due(db, LOCAL, resolve=dns, transport=functools.partial(post, ca_certs=certificate[0])) == 1
    assert tls_receiver.sni == [name]  # the name, not the IP, went out as SNI
    delivery = db.deliveries.find_one()
    if delivered:
        (headers, _), = tls_receiver.received
        assert headers["Host"] == f"{name}:{port}" and delivery["status"] == "delivered"
    else:
        # connected to the right address, but the certificate there is not for this name: nothing sent
        assert tls_receiver.received == [] and delivery["log"][0]["error"] == "TLS certificate verification failed"
