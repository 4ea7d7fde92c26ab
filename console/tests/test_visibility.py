"""Which events reach whose browser (pure rules)."""
from console.visibility import for_browser, visible

CREATED = {"type": "ticketing.ticket.created", "tenant_id": "p1", "id": "e1", "actor": "stf_1",
           "data": {"ticket_id": "t1"}, "schema_version": 1, "occurred_at": "2026-01-01T00:00:00+00:00"}


def test_another_projects_event_is_never_visible_whatever_the_roles():
    assert not visible(CREATED, "p2", ["project_manager", "cs_supervisor", "technician", "hq_general_manager"])


def test_ticket_events_reach_cs_engineering_and_hq_of_the_project():
    for role in ("cs_assistant", "engineering_supervisor", "technician", "hq_auditor"):
        assert visible(CREATED, "p1", [role]), role


def test_billing_events_reach_only_money_roles():
    paid = {**CREATED, "type": "billing.payment.recorded"}
    assert visible(paid, "p1", ["finance_clerk"]) and visible(paid, "p1", ["project_manager"])
    assert not visible(paid, "p1", ["technician"]) and not visible(paid, "p1", ["cs_assistant"])


def test_unknown_kinds_of_event_are_not_sent():
    assert not visible({**CREATED, "type": "webhooks.delivery.failed"}, "p1", ["project_manager"])


def test_the_browser_gets_the_event_without_envelope_details():
    sent = for_browser(CREATED)
    assert sent == {"id": "e1", "type": "ticketing.ticket.created", "occurred_at": CREATED["occurred_at"],
                    "data": {"ticket_id": "t1"}}


def test_return_visit_events_and_the_consoles_own_pings_reach_cs_and_hq_not_engineering():
    for kind in ("visits.return_visit.completed", "console.return_visit.changed"):
        event = {**CREATED, "type": kind}
        assert visible(event, "p1", ["cs_assistant"]) and visible(event, "p1", ["hq_auditor"]), kind
        assert not visible(event, "p1", ["technician"]) and not visible(event, "p1", ["engineering_supervisor"]), kind
