"""The cross-tenant probe generated from webhooks' OpenAPI document (see kefulib.testing.tenant_probe)."""
import pytest
from kefulib.messaging import Event
from kefulib.testing.read_only_probe import probe_read_only
from kefulib.testing.tenant_probe import Probe, operations, probe_service
from webhooks.sender import send_due

from .support import LOCAL, SCOPE, publish, subscribe

MARKER = "p1-owner-marker"


@pytest.fixture
def owned(app, db, consumer, receiver, mongo_client, settings, token_factory):
    """p1's subscription (its URL carries a marker) with one delivered and one pending delivery."""
    url = f"{receiver.url}?owner={MARKER}"
    subscription = subscribe(app, token_factory, url, types=["*"])
    delivered, pending = (Event("ticketing.ticket.created", "p1", {"ticket_id": MARKER}),
                          Event("visits.return_visit.completed", "p1", {"ticket_id": MARKER}))
    publish(mongo_client, settings, delivered)
    consumer.drain()
    assert send_due(db, LOCAL) == 1 and len(receiver.received) == 1
    publish(mongo_client, settings, pending)
    consumer.drain()
    deliveries = {d["event_id"]: d for d in db.deliveries.find({"tenant_id": "p1"})}
    assert (deliveries[delivered.id]["status"], deliveries[pending.id]["status"]) == ("delivered", "pending")
    return {"subscription": subscription["id"], "delivery": deliveries[delivered.id]["_id"],
            # the signing secret (shown once), the URL and the event ids: only p1 may ever see them
            "secrets": {subscription["secret"], url, delivered.id, pending.id}}


def _probe(service, database, headers, owned):
    spec = service.test_client().get("/openapi.json").get_json()
    probe = Probe(owner_tenant="p1", ids={"subscription_id": owned["subscription"], "delivery_id": owned["delivery"]},
                  secrets=owned["secrets"])
    secured = {f"{m.upper()} {p}" for m, p, op in operations(spec) if op.get("security", [{}])}
    return probe_service(service.test_client(), spec, headers, probe, database), secured


def test_every_operation_answers_another_project_like_not_found(app, db, token_factory, owned):
    # webhooks asks for its scope and no role; the roles are given anyway, in case one is ever checked
    intruder = token_factory.headers("p2", SCOPE, ["project_manager", "cs_supervisor"], subject="p2-intruder")
    report, secured = _probe(app, db, intruder, owned)
    print("\n".join(report.probed))
    assert report.findings == []
    assert {line.split(" -> ")[0] for line in report.probed} == secured and len(report.probed) == len(secured)


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(app, db, token_factory, owned):
    """The probe itself is checked: aimed with the owner's own token, it must see the records."""
    report, _ = _probe(app, db, token_factory.headers("p1", SCOPE), owned)
    carrying = {f.split(": answer carries")[0] for f in report.findings if ": answer carries the owner's" in f}
    assert {"GET /subscriptions", "GET /subscriptions/{subscription_id}", "GET /deliveries",
            "GET /deliveries/{delivery_id}", "POST /deliveries/{delivery_id}/replay"} <= carrying
    assert "the owner's stored documents changed during the probe" in report.findings


def test_attack_the_hq_auditor_calls_every_non_get_operation(app, db, token_factory, owned):
    """X-1: the HQ auditor reads and changes nothing; every write answers 403 and the database is unchanged."""
    spec = app.test_client().get("/openapi.json").get_json()
    auditor = token_factory.headers("p1", SCOPE, ["hq_auditor"], subject="hq-auditor", hq=True)
    report = probe_read_only(app.test_client(), spec, auditor, db,
                             ids={"subscription_id": owned["subscription"], "delivery_id": owned["delivery"]})
    print("\n".join(report.probed))
    assert report.findings == [] and report.exempted == []
    assert "POST /subscriptions -> 403" in report.probed
    assert "POST /deliveries/{delivery_id}/replay -> 403" in report.probed
