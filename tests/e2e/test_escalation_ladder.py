"""An SLA breach climbs the ladder to HQ on the real platform, driven only over REST: each level's role
holders in the ticket's project get an inbox item (nobody else does), the ticket records who was told,
and HQ finds it in its cross-project lists; another project's staff see nothing of it.

How it reaches HQ in seconds with real settings only: the project sets its help-request first-response
limit to 1 minute (the smallest a project may set), the ticket carries `reported_at` (the call was taken
on paper 170 s ago), and the platform's ticketing worker scans every second (SLA_SCAN_SECONDS=1). So
levels 1 (due 110 s ago) and 2 (50 s ago) breach at once and level 3 about 10 s later.
"""
from datetime import UTC, datetime, timedelta

import pytest
from kefulib.testing.processes import wait_for as _wait_for

ONE_MINUTE = {"policy": {"help_first_response": {"minutes": 1}}}





def wait_for(predicate, timeout=90.0):
    # The ladder's first level waits for a scan of the ticketing worker (every second) and the broker.
    return _wait_for(predicate, timeout=timeout, interval=0.5)


@pytest.fixture(scope="module")
def people(platform, hq_admin, make_person, password_session):
    """Two projects with their supervisors, managers and assistants, and HQ's two escalation roles; each
    person signed in through the staff console's password grant."""
    identity = platform.url("identity")
    assert hq_admin.post(identity + "/tenants", json={"name": "Other project", "code": "other"}).status_code == 201
    accounts = {"sup": ("cs_supervisor", "demo"), "pm": ("project_manager", "demo"), "desk": ("cs_assistant", "demo"),
                "osup": ("cs_supervisor", "other"), "opm": ("project_manager", "other"),
                "odesk": ("cs_assistant", "other"), "gm": ("hq_general_manager", None),
                "rep": ("hq_management_representative", None)}
    ids, sessions = {}, {}
    for name, (role, project) in accounts.items():
        person = make_person(f"e2e-{name}", f"Staff {name}", [role], project)
        ids[name], sessions[name] = person["id"], password_session(person)
    return ids, sessions


def inbox(platform, session, **query):
    response = session.get(platform.url("notifications") + "/inbox", params=query)
    assert response.status_code == 200, response.text
    return response.json()


def ticket_of(platform, session, ticket_id):
    return session.get(platform.url("ticketing") + f"/tickets/{ticket_id}").json()


def test_an_sla_breach_climbs_to_hq_and_reaches_the_right_people_only(platform, people):
    ids, s = people
    ticketing, notifications = platform.url("ticketing"), platform.url("notifications")

    # notifications learns who holds which role from identity's events, not by asking identity
    expected = {(ids[n], r) for n, r in (("sup", "cs_supervisor"), ("pm", "project_manager"),
                                         ("desk", "cs_assistant"), ("gm", "hq_general_manager"),
                                         ("rep", "hq_management_representative"))}
    holders = wait_for(lambda: {(h["staff_id"], h["role"]) for h in s["pm"].get(
        notifications + "/role-holders").json()["items"]} == expected)
    assert holders, s["pm"].get(notifications + "/role-holders").json()
    assert wait_for(lambda: s["opm"].get(notifications + "/role-holders", params={"role": "cs_supervisor"})
                    .json()["items"] == [{"staff_id": ids["osup"], "role": "cs_supervisor",
                                          "display_name": "Staff osup", "company_wide": False}])

    for manager in ("pm", "opm"):
        assert s[manager].put(ticketing + "/settings/sla", json=ONE_MINUTE).status_code == 200
    now = datetime.now(UTC)
    created = s["desk"].post(ticketing + "/tickets", json={
        "kind": "help_request", "subtype": "medical_emergency", "title": "Resident fell in the lobby",
        "unit_id": "2-1-101", "channel": "phone", "reported_at": (now - timedelta(seconds=170)).isoformat()})
    assert created.status_code == 201, created.text
    tid = created.json()["id"]
    other = s["odesk"].post(ticketing + "/tickets", json={
        "kind": "help_request", "subtype": "other", "title": "Locked out", "unit_id": "9-9-909", "channel": "phone",
        "reported_at": (now - timedelta(seconds=70)).isoformat()}).json()["id"]

    # the other project's level-1 breach; answering it then stops its ladder there
    assert wait_for(lambda: ticket_of(platform, s["odesk"], other).get("escalations"))
    assert s["odesk"].post(ticketing + f"/tickets/{other}/actions/respond",
                           json={"note": "locksmith called"}).status_code == 200

    # the demo ticket climbs to HQ; the ticket records who was told at each level
    escalated = wait_for(lambda: len((t := ticket_of(platform, s["desk"], tid)).get("escalations", [])) == 4 and t)
    assert escalated, ticket_of(platform, s["desk"], tid)
    assert sorted((e["level"], e["role"], e["notified"]) for e in escalated["escalations"]) == [
        (1, "cs_supervisor", [ids["sup"]]), (2, "project_manager", [ids["pm"]]),
        (3, "hq_general_manager", [ids["gm"]]), (3, "hq_management_representative", [ids["rep"]])]
    assert escalated["escalation_level"] == 3 and escalated["first_responder"] == ids["desk"]  # owner unchanged
    history = s["desk"].get(ticketing + f"/tickets/{tid}/history").json()["items"]
    assert [h["note"].split(" told ")[0] for h in history if h["action"] == "escalation_notified"] == [
        "first_response/1", "first_response/2", "first_response/3"]

    # each level's people, in the right project, got one item saying which ticket, which deadline, how late
    def items_of(name, **query):
        return wait_for(lambda: inbox(platform, s[name], **query)["items"], timeout=20)
    for name, level, action in (("sup", 1, "chase_assignee"), ("pm", 2, "take_charge"), ("gm", 3, "intervene"),
                                ("rep", 3, "intervene")):
        (item,) = items_of(name, ticket_id=tid)
        assert (item["project"], item["level"], item["deadline"], item["action"], item["status"]) == (
            "demo", level, "first_response", action, "unread"), item
        assert item["minutes_late"] >= 0 and tid in item["body"] and item["due_at"]
    assert inbox(platform, s["desk"])["items"] == []                       # the assistant is on no ladder
    assert [i["ticket_id"] for i in inbox(platform, s["osup"])["items"]] == [other]  # other project: its own only
    assert all(i["ticket_id"] != tid for who in ("osup", "opm", "odesk") for i in inbox(platform, s[who])["items"])
    assert [i["ticket_id"] for i in inbox(platform, s["gm"])["items"]] == [tid]      # the other stopped at level 1

    # only the owner marks an item; the unread count follows
    (sup_item,) = inbox(platform, s["sup"], ticket_id=tid)["items"]
    assert s["pm"].post(notifications + f"/inbox/{sup_item['id']}/read", json={}).status_code == 404
    assert s["osup"].get(notifications + f"/inbox/{sup_item['id']}").status_code == 404
    before = inbox(platform, s["sup"])["unread"]
    assert s["sup"].post(notifications + f"/inbox/{sup_item['id']}/done", json={}).json()["status"] == "done"
    assert inbox(platform, s["sup"])["unread"] == before - 1

    # HQ's cross-project list of escalated tickets, HQ tokens only
    def hq_list(**query):
        response = s["gm"].get(ticketing + "/hq/escalations", params=query)
        assert response.status_code == 200, response.text
        return [(t["project"], t["id"], t["escalation_level"]) for t in response.json()["items"]]
    assert hq_list(level=3) == [("demo", tid, 3)]
    assert hq_list(project="other") == [("other", other, 1)]
    assert sorted(hq_list(state="open")) == sorted([("demo", tid, 3), ("other", other, 1)])
    assert s["pm"].get(ticketing + "/hq/escalations").status_code == 403


def test_a_non_conformance_record_above_500_yuan_waits_in_hqs_list_and_reaches_its_representative(platform, people):
    ids, s = people
    ticketing = platform.url("ticketing")
    tid = s["desk"].post(ticketing + "/tickets", json={"kind": "complaint", "title": "Painters stained the ceiling",
                                                       "unit_id": "2-1-101"}).json()["id"]
    assert s["desk"].put(ticketing + f"/tickets/{tid}/complaint/analysis", json={
        "cause": "staff_caused_loss", "outcome": "non_conformance", "loss_fen": 60_000}).status_code == 200
    record = s["desk"].post(ticketing + f"/tickets/{tid}/complaint/non-conformance", json={
        "corrective_action": "repaint the ceiling", "corrective_deadline": "2026-12-20T00:00:00+00:00"}).json()
    waiting = s["rep"].get(ticketing + "/hq/non-conformance/awaiting-approval").json()["items"]
    assert [(r["project"], r["id"], r["approver"]) for r in waiting] == [
        ("demo", record["id"], "hq_management_representative")]
    (item,) = wait_for(lambda: inbox(platform, s["rep"], kind="approval_requested")["items"], timeout=30)
    assert (item["project"], item["non_conformance_id"], item["action"]) == (
        "demo", record["id"], "approve_non_conformance")
    assert inbox(platform, s["pm"], kind="approval_requested")["items"] == []  # above the threshold: HQ only
    assert s["rep"].post(ticketing + f"/non-conformance/{record['id']}/approve",
                         params={"project": "demo"}).status_code == 200
    assert s["rep"].get(ticketing + "/hq/non-conformance/awaiting-approval").json()["items"] == []
