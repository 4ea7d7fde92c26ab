"""Fixtures of notifications' integration tests: the app on the real MongoDB and RabbitMQ. Its client, db,
consumers and the publisher that sends events through a real outbox and relay are kefulib.testing.service_tests'."""
import pytest
from kefulib.messaging import Event
from notifications.app import create_app
from notifications.handlers import customer_notices

RW = ["notifications:read", "notifications:write"]


@pytest.fixture
def settings(settings_for):
    return settings_for("notifications")


@pytest.fixture
def app(settings, token_factory):
    return create_app(settings, jwks_fetcher=lambda: token_factory.jwks)


@pytest.fixture
def notices(monkeypatch):
    """What the customer-notice pipeline was asked to send, instead of sending it (the survey tests look at the
    request; test_customer_notices.py drives the real pipeline)."""
    sent = []
    monkeypatch.setattr(customer_notices, "notify", lambda db, event, session, **notice: sent.append(notice))
    return sent


def scheduled(visit_id="rv-1", ticket_id="t-1", round_=1, tenant="p1", occurred_at=None):
    return Event("visits.return_visit.scheduled", tenant, {
        "return_visit_id": visit_id, "ticket_id": ticket_id, "round": round_, "source": "repair_completed",
        "unit_id": "3-12-1203", "due_at": "2026-12-02T08:00:00+00:00"}, actor="tech-3", **_at(occurred_at))


def completed(visit_id="rv-1", ticket_id="t-1", round_=1, method="phone", tenant="p1"):
    return Event("visits.return_visit.completed", tenant, {
        "return_visit_id": visit_id, "ticket_id": ticket_id, "round": round_, "source": "repair_completed",
        "method": method, "satisfaction": 4, "problem_came_back": False, "unhappy": False,
        "completed_at": "2026-12-02T09:00:00+00:00"}, actor="cs-2")


def _at(occurred_at):
    return {"occurred_at": occurred_at} if occurred_at else {}


def granted(staff_id, role, scope, name="Someone", occurred_at=None):
    return Event("identity.staff.role_granted", scope, {"staff_id": staff_id, "role": role, "display_name": name,
                                                          "company_wide": scope == "hq"}, actor="hq-admin",
                 **_at(occurred_at))


def removed(staff_id, role, scope, occurred_at=None):
    return Event("identity.staff.role_removed", scope, {"staff_id": staff_id, "role": role, "display_name": "",
                                                          "company_wide": scope == "hq"},
                 actor="hq-admin", **_at(occurred_at))


def breached(ticket_id, level, tenant="p1", kind="help_request", deadline="first_response",
             due_at="2026-12-01T08:00:00+00:00", occurred_at="2026-12-01T08:07:30+00:00"):
    to, roles = {1: ("cs_supervisor", ["cs_supervisor"]), 2: ("project_manager", ["project_manager"]),
                 3: ("hq", ["hq_general_manager", "hq_management_representative"])}[level]
    return Event("ticketing.sla.breached", tenant, {"ticket_id": ticket_id, "kind": kind, "deadline": deadline,
                                                    "due_at": due_at, "escalation_level": level,
                                                    "escalated_to": to, "notify_roles": roles},
                 occurred_at=occurred_at)


@pytest.fixture
def staff(publish):
    """p1 and p2 each with a CS supervisor, a project manager and an assistant; HQ's two escalation roles."""
    publish(granted("s-sup1", "cs_supervisor", "p1", "Sup One"), granted("s-pm1", "project_manager", "p1", "PM One"),
            granted("s-asst1", "cs_assistant", "p1", "Assistant One"),
            granted("s-sup2", "cs_supervisor", "p2", "Sup Two"), granted("s-pm2", "project_manager", "p2", "PM Two"),
            granted("s-gm", "hq_general_manager", "hq", "GM"), granted("s-rep", "hq_management_representative", "hq",
                                                                        "Rep"))


@pytest.fixture
def as_(token_factory):
    def make(tenant, subject, *roles, hq=False, scopes=RW):
        return token_factory.headers(tenant, list(scopes), list(roles), subject=subject, hq=hq)
    return make
