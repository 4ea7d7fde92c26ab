"""Fixtures of renovation's integration tests: the app on the real MongoDB, its consumers fed through a real outbox,
relay and RabbitMQ, and a valid application to start from."""
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.messaging import Event
from kefulib.store import run_in_transaction
from kefulib.testing.service_tests import field_errors, reason  # noqa: F401 (the tests import them from here)

RW = ["renovation:read", "renovation:write"]
TODAY = datetime.now(UTC).date()
PAPERS = ["application_form", "owner_id", "property_proof", "contractor_licence", "drawings", "agreement",
          "commitment"]


def application_body(unit_id="1-1-101", **changes) -> dict:
    body = {"unit_id": unit_id, "applicant": {"kind": "owner", "name": "周建国", "phone": "13900004321"},
            "contractor": {"company": "安居装饰有限公司", "licence_number": "91440300MA5", "name": "李师傅",
                           "phone": "13700001111"},
            "scope": {"items": ["flooring", "wet_area"], "description": "厨卫翻新"},
            "planned_start": (TODAY + timedelta(days=2)).isoformat(),
            "planned_end": (TODAY + timedelta(days=40)).isoformat(),
            "working_hours": {"start": "08:00", "end": "18:00"}, "workers_planned": 3,
            "attachments": [{"kind": kind, "ref": f"scan-{kind}"} for kind in PAPERS]}
    return {**body, **changes}


@pytest.fixture
def app(build_app):
    return build_app("renovation")


@pytest.fixture
def as_(token_factory):
    def make(*roles, tenant="p1", subject=None, scopes=RW):
        roles = list(roles or ["cs_assistant"])
        return token_factory.headers(tenant, list(scopes), roles, subject=subject or f"s-{roles[0]}")
    return make


@pytest.fixture
def flow(client, as_):
    """An application taken through the review with the right person at each step."""
    people = {"cs": as_("cs_assistant"), "engineering": as_("engineering_supervisor"), "manager": as_("project_manager")}

    def submit(**changes) -> dict:
        response = client.post("/applications", headers=people["cs"], json=application_body(**changes))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def decide(application_id, step, decision="pass", who=None, **extra):
        who = who or {"completeness": "cs", "drawings": "engineering", "approval": "manager"}[step]
        return client.post(f"/applications/{application_id}/reviews", headers=people[who],
                           json={"step": step, "decision": decision, **extra})

    def approved(**changes) -> dict:
        application = submit(**changes)
        for step in ("completeness", "drawings", "approval"):
            response = decide(application["id"], step)
            assert response.status_code == 200, response.get_json()
        return response.get_json()

    return type("Flow", (), {"people": people, "submit": staticmethod(submit), "decide": staticmethod(decide),
                             "approved": staticmethod(approved)})


def charge_created(application_id, charge_id="c-1", amount_fen=253000, tenant="p1") -> Event:
    return Event("billing.charge.created", tenant, {
        "charge_id": charge_id, "ticket_id": None, "unit_id": "1-1-101", "amount_fen": amount_fen,
        "slip_number": "SLIP-2026-000001", "source": "renovation", "quote_id": None, "quote_version": None,
        "warranty_rework_of": None, "renovation_id": application_id})


def payment(charge_id="c-1", amount_fen=253000, payment_id="pay-1", tenant="p1") -> Event:
    return Event("billing.payment.received", tenant, {
        "payment_id": payment_id, "charge_id": charge_id, "amount_fen": amount_fen, "method": "cash_at_centre",
        "receipt_number": "RCPT-2026-000001"})


@pytest.fixture
def permitted(db, flow):
    """An approved application whose permit was issued (as billing's payment event issues it, without the broker)."""
    from renovation.handlers.permits import ensure_counter, issue_permit

    def make(tenant="p1", **changes) -> dict:
        application = flow.approved(**changes)
        ensure_counter(db, tenant)
        run_in_transaction(db, lambda session: issue_permit(db, tenant, db.applications.find_one(
            {"_id": application["id"]}, session=session), session))
        return {**application, **db.applications.find_one({"_id": application["id"]}, {"permit": 1})}
    return make
