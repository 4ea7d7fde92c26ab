"""Which events reach whose browser (pure rules)."""
from console.events import EventHub
from console.visibility import Viewer, for_browser, visible

CREATED = {"type": "ticketing.ticket.created", "tenant_id": "p1", "id": "e1", "actor": "stf_1",
           "data": {"ticket_id": "t1"}, "schema_version": 1, "occurred_at": "2026-01-01T00:00:00+00:00"}


def test_another_projects_event_is_never_visible_whatever_the_roles():
    assert not visible(CREATED, Viewer("p2", ["project_manager", "cs_supervisor", "technician", "hq_general_manager"]))


def test_ticket_events_reach_cs_engineering_and_hq_of_the_project():
    for role in ("cs_assistant", "engineering_supervisor", "technician", "hq_auditor"):
        assert visible(CREATED, Viewer("p1", [role])), role


def test_billing_events_reach_only_money_roles():
    quoted = {**CREATED, "type": "billing.quote.sent"}
    assert visible(quoted, Viewer("p1", ["finance_clerk"])) and visible(quoted, Viewer("p1", ["project_manager"]))
    assert not visible(quoted, Viewer("p1", ["technician"])) and not visible(quoted, Viewer("p1", ["cs_assistant"]))


def test_money_in_and_out_reaches_every_cashier_the_centres_assistants_too():
    for kind in ("billing.payment.received", "billing.refund.issued", "console.cashier.changed"):
        event = {**CREATED, "type": kind}
        for role in ("cs_assistant", "finance_clerk", "project_manager", "hq_auditor"):
            assert visible(event, Viewer("p1", [role])), (kind, role)
        assert not visible(event, Viewer("p1", ["technician"])) and not visible(event, Viewer("p1", ["security"])), kind


def test_the_gates_pings_reach_security_and_hq_not_the_cashier():
    event = {**CREATED, "type": "console.gate.changed"}
    for role in ("security", "security_supervisor", "duty_officer", "hq_auditor"):
        assert visible(event, Viewer("p1", [role])), role
    assert not visible(event, Viewer("p1", ["finance_clerk"])) and not visible(event, Viewer("p2", ["security"]))


def test_renovation_events_and_pings_reach_the_renovation_roles_and_hq_not_the_gate_or_the_cashier():
    for kind in ("renovation.permit.issued", "renovation.permit.extended", "renovation.deposit.refund_requested",
                 "console.renovation.changed"):
        event = {**CREATED, "type": kind}
        for role in ("cs_assistant", "cs_supervisor", "project_manager", "engineering_supervisor", "technician",
                     "security_supervisor", "hq_auditor"):
            assert visible(event, Viewer("p1", [role])), (kind, role)
        for role in ("security", "finance_clerk", "zone_steward"):
            assert not visible(event, Viewer("p1", [role])), (kind, role)
        assert not visible(event, Viewer("p2", ["project_manager"])), kind


def test_unknown_kinds_of_event_are_not_sent():
    assert not visible({**CREATED, "type": "webhooks.delivery.failed"}, Viewer("p1", ["project_manager"]))


def test_the_browser_gets_the_event_without_envelope_details():
    sent = for_browser(CREATED)
    assert sent == {"id": "e1", "type": "ticketing.ticket.created", "occurred_at": CREATED["occurred_at"],
                    "data": {"ticket_id": "t1"}}


def test_return_visit_events_and_the_consoles_own_pings_reach_cs_and_hq_not_engineering():
    for kind in ("visits.return_visit.completed", "console.return_visit.changed"):
        event = {**CREATED, "type": kind}
        assert visible(event, Viewer("p1", ["cs_assistant"])) and visible(event, Viewer("p1", ["hq_auditor"])), kind
        for role in ("technician", "engineering_supervisor"):
            assert not visible(event, Viewer("p1", [role])), (kind, role)


ADDED = {"type": "notifications.inbox.item_added", "tenant_id": "p1", "id": "e2", "actor": None,
         "occurred_at": "2026-01-01T00:00:00+00:00", "data": {"item_id": "i1", "recipient": "stf_sup1",
                                                               "kind": "escalation", "ticket_id": "t1", "level": 1,
                                                               "created_at": "2026-01-01T00:00:00+00:00"}}
MARKED = {**ADDED, "type": "notifications.inbox.item_marked",
          "data": {"item_id": "i1", "recipient": "stf_sup1", "status": "done"}}
SUP1 = Viewer("p1", ["cs_supervisor"], "stf_sup1")


def test_a_persons_inbox_events_reach_only_that_person():
    for event in (ADDED, MARKED):
        assert visible(event, SUP1), event["type"]
        # a colleague with the very same roles in the same project, and every other role, get nothing
        assert not visible(event, Viewer("p1", ["cs_supervisor"], "stf_sup2")), event["type"]
        assert not visible(event, Viewer("p1", ["project_manager", "hq_general_manager", "cs_supervisor"],
                                         "stf_pm1", hq=True)), event["type"]


def test_an_inbox_event_without_a_recipient_or_a_viewer_without_an_id_reaches_nobody():
    nameless = {**ADDED, "data": {k: v for k, v in ADDED["data"].items() if k != "recipient"}}
    assert not visible(nameless, SUP1)
    assert not visible(ADDED, Viewer("p1", ["cs_supervisor"], None))
    assert not visible({**ADDED, "data": {**ADDED["data"], "recipient": None}}, Viewer("p1", ["cs_supervisor"]))


def test_a_project_persons_items_of_another_project_stay_in_that_project():
    # the same person signed in to p2 (their inbox there lists p2's items only, like notifications' own rule)
    assert not visible(ADDED, Viewer("p2", ["cs_supervisor"], "stf_sup1"))


def test_an_hq_persons_items_reach_them_from_every_project():
    gm = {**ADDED, "tenant_id": "p7", "data": {**ADDED["data"], "recipient": "stf_gm", "level": 3}}
    assert visible(gm, Viewer("p1", ["hq_general_manager"], "stf_gm", hq=True))
    assert not visible(gm, Viewer("p1", ["hq_general_manager"], "stf_gm", hq=False))
    assert not visible(gm, Viewer("p7", ["hq_general_manager"], "stf_rep", hq=True))


def test_inbox_events_are_not_matched_by_role_rules_of_their_project():
    # a role that would see every ticketing event of p1 still gets no inbox event addressed to someone else
    assert visible({**ADDED, "type": "ticketing.sla.breached"}, Viewer("p1", ["cs_assistant"], "stf_asst"))
    assert not visible(ADDED, Viewer("p1", ["cs_assistant"], "stf_asst"))


def test_the_hub_queues_an_inbox_event_for_its_recipients_streams_only():
    hub = EventHub()
    mine, my_other_tab = hub.subscribe(SUP1), hub.subscribe(SUP1)
    colleague = hub.subscribe(Viewer("p1", ["cs_supervisor"], "stf_sup2"))
    hub.publish(ADDED)
    assert mine.inbox.get_nowait() == for_browser(ADDED) and my_other_tab.inbox.qsize() == 1
    assert colleague.inbox.empty()


def test_desk_events_and_the_consoles_desk_pings_reach_the_desk_roles_and_hq_only():
    for kind in ("desk.parcel.received", "desk.key.overdue", "console.desk.changed"):
        event = {**CREATED, "type": kind, "data": {"parcel_id": "p"}}
        for role in ("cs_assistant", "duty_officer", "security", "project_manager", "hq_auditor"):
            assert visible(event, Viewer("p1", [role])), (kind, role)
        for role in ("technician", "engineering_supervisor", "finance_clerk", "zone_steward"):
            assert not visible(event, Viewer("p1", [role])), (kind, role)
        assert not visible(event, Viewer("p2", ["security", "cs_assistant"])), kind  # never another project's


def test_the_approvals_inboxs_pings_reach_those_who_decide_not_the_desk_or_the_technicians():
    event = {**CREATED, "type": "console.approvals.changed", "data": {"service": "identity"}}
    for role in ("project_manager", "finance_clerk", "hq_management_representative"):
        assert visible(event, Viewer("p1", [role])), role
    for role in ("cs_assistant", "technician", "security"):
        assert not visible(event, Viewer("p1", [role])), role
    assert not visible(event, Viewer("p2", ["project_manager"]))


EXPORT = {"type": "console.export.progress", "tenant_id": "p1", "id": None,
          "data": {"recipient": "stf_gm", "export_id": "x1", "rows": 200, "total": 1000, "status": "running"}}


def test_an_exports_progress_reaches_only_the_person_who_asked_in_any_project_they_signed_in_to():
    assert visible(EXPORT, Viewer("p1", ["hq_general_manager"], "stf_gm", hq=True))
    assert visible(EXPORT, Viewer("p2", ["hq_general_manager"], "stf_gm", hq=True))  # HQ: the person, not the project
    assert not visible(EXPORT, Viewer("p1", ["hq_general_manager"], "stf_rep", hq=True))  # an HQ colleague
    assert not visible(EXPORT, Viewer("p1", ["project_manager"], None))
