"""Document checklists (ID-4), key customers (ID-5), important events (ID-6) and quality checks (ID-10)."""
from datetime import timedelta

import pytest
from kefulib.store import TenantCollection

from .test_archives import OWNER


@pytest.fixture
def owned(client, units, as_role):
    keeper = as_role("p1", "cs_administrator")
    for unit in units:
        assert client.post(f"/units/{unit}/owner", json=OWNER, headers=keeper).status_code == 201
    return units


# ---------------------------------------------------------------- checklists

def test_a_first_owner_opens_the_move_in_checklist_and_it_shows_what_is_missing(client, owned, as_role):
    keeper = as_role("p1", "cs_administrator")
    response = client.post("/units/1-1-101/checklists/move_in", json={"received": ["MI-01", "MI-02"]}, headers=keeper)
    assert response.status_code == 200
    move_in = response.get_json()["checklists"][0]
    assert move_in["received"] == ["MI-01", "MI-02"] and move_in["missing"][0]["code"] == "MI-03"
    assert len(move_in["missing"]) == 8


def test_renovation_documents_that_depend_on_events_are_missing_only_once_the_event_happened(client, owned, as_role):
    keeper = as_role("p1", "cs_administrator")
    codes = [f"RN-0{n}" for n in range(1, 8)]
    quiet = client.post("/units/1-1-101/checklists/renovation", json={"received": codes}, headers=keeper).get_json()
    assert next(c for c in quiet["checklists"] if c["kind"] == "renovation")["missing"] == []
    hot = client.post("/units/1-1-101/checklists/renovation", json={"conditions": ["hot_work"]}, headers=keeper).get_json()
    assert [m["code"] for m in next(c for c in hot["checklists"] if c["kind"] == "renovation")["missing"]] == ["RN-10"]


def test_the_project_rollup_says_which_units_lack_which_documents(client, owned, as_role):
    keeper = as_role("p1", "cs_administrator")
    client.post("/units/1-1-101/checklists/move_in", json={"received": [f"MI-{n:02d}" for n in range(1, 11)]},
                headers=keeper)
    summary = client.get("/checklists/missing?kind=move_in", headers=keeper).get_json()
    assert summary["units_checked"] == 2 and summary["units_complete"] == 1
    assert list(summary["missing_by_unit"]) == ["1-2-201"] and summary["missing_count_by_code"]["MI-01"] == 1


@pytest.mark.parametrize("body, field", [
    ({"received": ["XX-01"]}, "received"), ({"received": ["MI-1"]}, "received.0"),
    ({"conditions": ["earthquake"]}, "conditions.0"),
])
def test_malformed_documents_name_the_field_and_write_nothing(client, db, owned, as_role, body, field):
    before = list(db.unit_documents.find({}, {"_id": 0}))
    response = client.post("/units/1-1-101/checklists/move_in", json=body, headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert list(db.unit_documents.find({}, {"_id": 0})) == before


def test_another_projects_checklists_look_missing(client, owned, as_role):
    keeper = as_role("p1", "cs_administrator")
    client.post("/buildings", json={"code": "7"}, headers=keeper)
    client.post("/units", json={"building": "7", "floor": 1, "room": "1"}, headers=keeper)
    other = as_role("p2", "cs_administrator")
    for method, path, body in (("get", "/units/{}/checklists", None),
                               ("post", "/units/{}/checklists/move_in", {"received": ["MI-01"]})):
        foreign = getattr(client, method)(path.format("7-1-1"), json=body, headers=other)
        missing = getattr(client, method)(path.format("7-9-9"), json=body, headers=other)
        assert foreign.status_code == missing.status_code == 404 and foreign.get_json() == missing.get_json()
    assert client.get("/checklists/missing", headers=other).get_json()["units_checked"] == 0


# ---------------------------------------------------------------- key customers

def vip(client, headers, **extra):
    body = {"unit_id": "1-1-101", "name": "王小明", "move_in_date": "2024-03-01", "classes": ["owners_committee"],
            "birthday": "1980-05-06", "preferences": "quiet calls after 19:00", **extra}
    return client.post("/customers", json=body, headers=headers)


def test_a_key_customer_is_classified_with_the_event_carrying_no_personal_data(client, db, units, as_role, clock):
    created = vip(client, as_role("p1", "cs_supervisor"))
    assert created.status_code == 201
    summary = created.get_json()
    assert summary["key_customer"] is True and summary["tenure_band"] in ("stable", "long_standing", "settling_in")
    event = db.outbox.find_one({"routing_key": "identity.customer.classified"})["envelope"]["data"]
    assert set(event) == {"customer_id", "unit_id", "classes", "tenure_band"}
    assert event["classes"] == ["owners_committee"] and "王" not in str(event)


def test_reclassifying_publishes_again_and_the_list_filters_by_class(client, db, units, as_role):
    keeper = as_role("p1", "cs_supervisor")
    customer = vip(client, keeper).get_json()
    vip(client, keeper, classes=[], name="李四")
    changed = client.patch(f"/customers/{customer['customer_id']}", json={"classes": ["frequent_complainant"],
                                                                       "add_complaint": "noise 2025-01"},
                           headers=keeper)
    assert changed.get_json()["classes"] == ["frequent_complainant"]
    assert db.outbox.count_documents({"routing_key": "identity.customer.classified"}) == 3
    listed = client.get("/customers?class=frequent_complainant", headers=keeper).get_json()
    assert listed["total"] == 1 and "name" not in listed["items"][0]
    assert client.get("/customers?key_customer=false", headers=keeper).get_json()["total"] == 1


def test_a_vip_profile_is_read_through_the_policy_and_logged(client, db, units, as_role):
    customer = vip(client, as_role("p1", "cs_supervisor")).get_json()
    view = client.get(f"/customers/{customer['customer_id']}?purpose=customer_service&fields=name&fields=birthday",
                      headers=as_role("p1", "cs_assistant")).get_json()
    assert view["record"] == {"name": "王小明", "birthday": "1980-05-06"}
    refused = client.get(f"/customers/{customer['customer_id']}?purpose=customer_service",
                         headers=as_role("p1", "zone_steward"))
    assert refused.status_code == 403
    assert db.access_log.count_documents({"record_kind": "vip_profile"}) == 2


@pytest.mark.parametrize("change, field", [
    ({"unit_id": "9-9-9"}, "unit_id"), ({"classes": ["celebrity"]}, "classes.0"), ({"name": ""}, "name"),
    ({"birthday": "yesterday"}, "birthday"), ({"move_in_date": "2999-01-01"}, "move_in_date"),
])
def test_malformed_customer_profiles_name_the_field_and_write_nothing(client, db, units, as_role, change, field):
    response = vip(client, as_role("p1", "cs_supervisor"), **change)
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert db.customer_profiles.count_documents({}) == 0
    assert db.outbox.count_documents({"routing_key": "identity.customer.classified"}) == 0


def test_another_projects_customer_looks_missing(client, units, as_role):
    customer = vip(client, as_role("p1", "cs_supervisor")).get_json()["customer_id"]
    other = as_role("p2", "cs_supervisor")
    for method, path, kwargs in (("get", "/customers/{}?purpose=customer_service", {}),
                                 ("patch", "/customers/{}", {"json": {"classes": []}})):
        foreign = getattr(client, method)(path.format(customer), headers=other, **kwargs)
        missing = getattr(client, method)(path.format("cus_missing"), headers=other, **kwargs)
        assert foreign.status_code == missing.status_code == 404 and foreign.get_json() == missing.get_json()
    assert client.get("/customers", headers=other).get_json()["total"] == 0


# ---------------------------------------------------------------- important events

def event(client, headers, **extra):
    body = {"kind": "major_complaint", "title": "Water damage 1-1-101", "unit_id": "1-1-101",
            "summary": "Ceiling leak from 1-2-201", "parties": ["王小明"], **extra}
    return client.post("/important-events", json=body, headers=headers)


def test_an_important_event_is_filed_only_after_the_managers_review(client, units, as_role):
    assistant, manager = as_role("p1", "cs_assistant"), as_role("p1", "project_manager")
    created = event(client, assistant).get_json()
    assert created["status"] == "draft"
    base = f"/important-events/{created['id']}"
    assert client.post(f"{base}/file", json={}, headers=manager).status_code == 409  # not submitted yet
    client.post(f"{base}/submit", json={}, headers=assistant)
    assert client.post(f"{base}/file", json={}, headers=assistant).status_code == 403
    returned = client.post(f"{base}/return", json={}, headers=manager)
    assert returned.status_code == 422 and "note" in returned.get_json()["errors"]
    client.post(f"{base}/return", json={"note": "add the repair slip"}, headers=manager)
    client.post(f"{base}/submit", json={}, headers=assistant)
    filed = client.post(f"{base}/file", json={"note": "ok"}, headers=manager).get_json()
    assert filed["status"] == "filed"
    assert [s["action"] for s in filed["steps"]] == ["submit", "return", "submit", "file"]
    assert client.post(f"{base}/submit", json={}, headers=assistant).status_code == 409


def test_an_important_event_is_read_through_the_policy(client, db, units, as_role):
    created = event(client, as_role("p1", "cs_assistant")).get_json()
    view = client.get(f"/important-events/{created['id']}?purpose=customer_service&fields=title&fields=event_kind",
                      headers=as_role("p1", "project_manager")).get_json()
    assert view["record"] == {"title": "Water damage 1-1-101", "event_kind": "major_complaint"}
    listed = client.get("/important-events?status=draft", headers=as_role("p1", "cs_assistant")).get_json()
    assert listed["total"] == 1 and "title" not in listed["items"][0]


@pytest.mark.parametrize("change, field", [({"kind": "gossip"}, "kind"), ({"title": ""}, "title"),
                                           ({"parties": "everyone"}, "parties")])
def test_malformed_important_events_name_the_field_and_write_nothing(client, db, units, as_role, change, field):
    response = event(client, as_role("p1", "cs_assistant"), **change)
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert db.important_events.count_documents({}) == 0


def test_another_projects_important_event_looks_missing(client, units, as_role):
    created = event(client, as_role("p1", "cs_assistant")).get_json()["id"]
    other = as_role("p2", "project_manager")
    for method, path in (("get", "/important-events/{}?purpose=customer_service"),
                         ("post", "/important-events/{}/submit"), ("post", "/important-events/{}/file")):
        kwargs = {"json": {}} if method == "post" else {}
        foreign = getattr(client, method)(path.format(created), headers=other, **kwargs)
        missing = getattr(client, method)(path.format("evt_missing"), headers=other, **kwargs)
        assert foreign.status_code == missing.status_code == 404 and foreign.get_json() == missing.get_json()
    assert client.get("/important-events", headers=other).get_json()["total"] == 0


# ---------------------------------------------------------------- quality checks

@pytest.fixture
def manager(token_factory):
    return token_factory.headers("p1", ["identity:admin", "identity:read", "identity:write", "identity:archives"],
                                 ["project_manager"], subject="p1-pm")


def add_units(client, as_role, count):
    keeper = as_role("p1", "cs_administrator")
    client.post("/buildings", json={"code": "5"}, headers=keeper)
    for n in range(count):
        client.post("/units", json={"building": "5", "floor": 1, "room": f"{n + 1}"}, headers=keeper)


def test_a_full_check_falls_due_a_year_after_move_in_and_covers_every_unit(client, owned, as_role, manager, clock):
    client.patch("/settings", json={"move_in_date": (clock.at.date() - timedelta(days=400)).isoformat()}, headers=manager)
    due = client.get("/quality-checks/due", headers=manager).get_json()
    assert due["kind"] == "full" and due["is_due"] and due["is_overdue"]
    assert client.get("/quality-checks/overdue", headers=manager).get_json()[0]["project_id"] == "p1"
    check = client.post("/quality-checks", headers=manager).get_json()
    assert check["kind"] == "full" and check["unit_ids"] == ["1-1-101", "1-2-201"]
    assert client.post("/quality-checks", headers=manager).status_code == 409  # one open check at a time
    finding = client.post(f"/quality-checks/{check['id']}/findings", json={"unit_id": "1-1-101", "complete": True},
                          headers=manager).get_json()["findings"][0]
    assert finding["complete"] is False and "MI-01" in finding["missing"]["move_in"]  # documents still missing
    assert client.post(f"/quality-checks/{check['id']}/complete", headers=manager).status_code == 409
    client.post(f"/quality-checks/{check['id']}/findings", json={"unit_id": "1-2-201", "complete": False,
                                                                "notes": "ID copy faded"}, headers=manager)
    done = client.post(f"/quality-checks/{check['id']}/complete", headers=manager).get_json()
    assert done["status"] == "completed"
    after = client.get("/quality-checks/due", headers=manager).get_json()
    assert after["kind"] == "sample" and not after["is_due"]


def test_occupancy_counts_the_units_of_this_project_with_a_current_owner_only(client, units, as_role, manager, clock):
    for project, owned_units in (("p1", ["1-1-101"]), ("p2", ["1-1-101", "1-2-201"])):
        for unit in owned_units:
            assert client.post(f"/units/{unit}/owner", json=OWNER,
                               headers=as_role(project, "cs_administrator")).status_code == 201
    client.patch("/settings", json={"move_in_date": (clock.at.date() - timedelta(days=30)).isoformat()}, headers=manager)
    due = client.get("/quality-checks/due", headers=manager).get_json()
    assert (due["total_units"], due["occupied_units"]) == (2, 1)  # p2's owners are not p1's occupancy


def test_after_the_full_check_a_sample_of_at_least_five_percent_is_drawn_every_six_months(
        client, db, units, as_role, manager, clock):
    add_units(client, as_role, 38)  # 40 units in all: 5 % is 2
    client.patch("/settings", json={"move_in_date": "2020-01-01"}, headers=manager)
    TenantCollection(db.quality_checks, "p1").insert_one({
        "_id": "qc_old", "kind": "full", "status": "completed", "unit_ids": [], "findings": {},
        "created_at": clock.at - timedelta(days=300), "completed_at": clock.at - timedelta(days=200)})
    check = client.post("/quality-checks", headers=manager).get_json()
    assert check["kind"] == "sample" and len(check["unit_ids"]) == 2 and check["seed"]


def test_no_check_can_be_started_before_one_is_due(client, db, units, manager, clock):
    client.patch("/settings", json={"move_in_date": clock.at.date().isoformat()}, headers=manager)
    assert client.post("/quality-checks", headers=manager).status_code == 409
    assert db.quality_checks.count_documents({}) == 0


def test_a_finding_for_a_unit_outside_the_check_names_the_unit(client, owned, manager, clock):
    client.patch("/settings", json={"move_in_date": "2020-01-01"}, headers=manager)
    check = client.post("/quality-checks", headers=manager).get_json()
    for body, field in (({"unit_id": "9-9-9", "complete": True}, "unit_id"), ({"unit_id": "1-1-101"}, "complete")):
        response = client.post(f"/quality-checks/{check['id']}/findings", json=body, headers=manager)
        assert response.status_code == 422 and field in response.get_json()["errors"]
    assert client.get(f"/quality-checks/{check['id']}", headers=manager).get_json()["findings"] == []


def test_another_projects_quality_check_looks_missing(client, owned, manager, clock, token_factory):
    client.patch("/settings", json={"move_in_date": "2020-01-01"}, headers=manager)
    check = client.post("/quality-checks", headers=manager).get_json()["id"]
    other = token_factory.headers("p2", ["identity:read", "identity:write"], ["project_manager"])
    for method, path, kwargs in (("get", "/quality-checks/{}", {}),
                                 ("post", "/quality-checks/{}/findings", {"json": {"unit_id": "1-1-101", "complete": True}}),
                                 ("post", "/quality-checks/{}/complete", {})):
        foreign = getattr(client, method)(path.format(check), headers=other, **kwargs)
        missing = getattr(client, method)(path.format("qc_missing"), headers=other, **kwargs)
        assert foreign.status_code == missing.status_code == 404 and foreign.get_json() == missing.get_json()
    assert client.get("/quality-checks", headers=other).get_json()["total"] == 0


def test_hq_lists_every_project_with_an_overdue_check(client, owned, manager, as_role):
    client.patch("/settings", json={"move_in_date": "2020-01-01"}, headers=manager)
    hq = as_role("hq", "hq_general_manager", hq=True)
    assert [o["project_id"] for o in client.get("/quality-checks/overdue", headers=hq).get_json()] == ["p1"]
    assert client.get("/quality-checks/overdue", headers=as_role("p2", "cs_supervisor")).get_json() == []
