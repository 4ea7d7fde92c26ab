"""The cross-tenant probe generated from notifications' OpenAPI document (see kefulib.testing.tenant_probe)."""
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.messaging import Event
from kefulib.testing.read_only_probe import probe_read_only
from kefulib.testing.tenant_probe import Probe, operations, probe_service
from notifications.config import NotificationsConfig
from notifications.handlers.deliveries import receipt_token

from .conftest import RW, breached, scheduled


def created_ticket(ticket_id):
    return Event("ticketing.ticket.created", "p1", {"ticket_id": ticket_id, "kind": "repair", "category": "general",
                                                    "unit_id": None, "channel": "phone",
                                                    "created_at": datetime.now(UTC).isoformat(),
                                                    "warranty_rework_of": None})


@pytest.fixture
def owned(db, publish, staff, client, token_factory):
    """p1's records: an item for its supervisor, a survey of a return visit, a delivery, an opt-out and its own
    wording of a template; the probe aims at them with p2's people. (The public survey page is not probed: it has
    no caller, its signed link is the only key.)"""
    publish(breached("t-owner-marker-1", 1), created_ticket("t-owner-marker-2"),
            scheduled(visit_id="rv-owner-marker-2", ticket_id="t-owner-marker-3"), campaign_sampled())
    (item,) = db.inbox_items.find({"tenant_id": "p1"})
    (survey,) = db.surveys.find({"tenant_id": "p1"})
    (campaign_survey,) = db.campaign_surveys.find({"tenant_id": "p1"})
    manager = token_factory.headers("p1", RW, ["project_manager"], subject="s-pm1")
    opt_out = client.post("/opt-outs", headers=manager, json={"phone": "13800000042", "channel": "sms",
                                                               "reason": "owner-marker-reason"}).get_json()
    assert client.put("/settings/templates/received/sms", headers=manager,
                      json={"text": "owner-marker-wording {ref}"}).status_code == 200
    delivery = db.deliveries.find_one({"tenant_id": "p1", "audience": "customer"})
    return {"item_id": item["_id"], "survey_id": survey["_id"], "delivery_id": delivery["_id"],
            "opt_out_id": opt_out["id"], "campaign_survey_id": campaign_survey["_id"]}


def campaign_sampled():
    return Event("desk.survey.sampled", "p1", {
        "campaign_id": "c-owner-marker-4", "name": "owner-marker-campaign", "period": "2026-12",
        "categories": ["cleaning"], "closes_at": (datetime.now(UTC) + timedelta(days=14)).isoformat(),
        "unit_ids": ["u-owner-marker-5"], "batch": 1, "batches": 1})


# Path parameters that name a kind of thing, not a record: the same for every project.
NAMES = {"topic": "received", "channel": "sms", "provider": "aliyun",
         "token": receipt_token(NotificationsConfig().receipt_key, "aliyun")}


def _probe(client, db, headers, owned):
    spec = client.get("/openapi.json").get_json()
    probe = Probe(owner_tenant="p1", ids=owned, path_values=NAMES,
                  secrets={"t-owner-marker-1", "Sup One", "t-owner-marker-2", "owner-marker-reason",
                           "owner-marker-wording", "rv-owner-marker-2", "t-owner-marker-3", "c-owner-marker-4",
                           "owner-marker-campaign", "u-owner-marker-5"})
    secured = {f"{m.upper()} {p}" for m, p, op in operations(spec) if op.get("security", [{}])}
    return probe_service(client, spec, headers, probe, db), secured


@pytest.mark.parametrize("subject", ["p2-intruder", "s-sup1"])
def test_every_operation_answers_another_project_like_not_found(client, db, token_factory, owned, subject):
    # Also the owner's own subject signed in to another project: items follow the project signed in to.
    intruder = token_factory.headers("p2", RW, ["cs_supervisor", "project_manager"], subject=subject)
    report, secured = _probe(client, db, intruder, owned)
    print("\n".join(report.probed))
    assert report.findings == []
    assert {line.split(" -> ")[0] for line in report.probed} == secured and len(report.probed) == len(secured)


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(client, db, token_factory, owned):
    """The probe itself is checked: aimed with the owner's own token, it must see the item."""
    owner = token_factory.headers("p1", RW, ["cs_supervisor", "project_manager"], subject="s-sup1")
    report, _ = _probe(client, db, owner, owned)
    carrying = {f.split(": answer carries")[0] for f in report.findings if ": answer carries the owner's" in f}
    assert {"GET /inbox", "GET /inbox/{item_id}", "POST /inbox/{item_id}/read", "GET /role-holders",
            "GET /surveys", "GET /surveys/{survey_id}", "GET /campaign-surveys",
            "GET /campaign-surveys/{campaign_survey_id}"} <= carrying
    assert "the owner's stored documents changed during the probe" in report.findings


def test_attack_the_hq_auditor_calls_every_non_get_operation(client, db, token_factory, owned):
    """X-1: the HQ auditor changes nothing, not even the state of an inbox item; every write is 403."""
    spec = client.get("/openapi.json").get_json()
    auditor = token_factory.headers("p1", RW, ["hq_auditor"], subject="s-sup1", hq=True)
    report = probe_read_only(client, spec, auditor, db, ids={**owned, **NAMES})
    print("\n".join(report.probed))
    assert report.findings == [] and report.exempted == []
    assert {"POST /inbox/{item_id}/read -> 403", "POST /inbox/{item_id}/done -> 403"} <= set(report.probed)


def test_the_only_public_operations_are_the_probes_docs_and_the_survey_page(client):
    """The probes skip operations without security; this keeps that set from growing unnoticed. The survey pages
    (the return visit's /s/, test_survey_links.py, and the satisfaction campaign's /q/, test_campaign_surveys.py)
    are public by design: each signed, expiring, one-time link is the credential; so are the providers' receipt
    callbacks, whose URL carries an HMAC (test_customer_notices.py), and a notice's page, whose signed link names
    one household's delivery (test_households.py)."""
    spec = client.get("/openapi.json").get_json()
    public = {f"{m.upper()} {p}" for m, p, op in operations(spec) if not op.get("security", [{}])}
    assert public == {"GET /livez", "GET /readyz", "GET /s/{token}", "POST /s/{token}",
                      "POST /receipts/{provider}/{token}", "GET /q/{token}", "POST /q/{token}", "GET /n/{token}"}
