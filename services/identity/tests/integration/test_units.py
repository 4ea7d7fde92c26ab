"""Buildings and units (楼-层-房号) per project, and identity.unit.created through the outbox."""
import pytest
from identity.worker import build_worker
from kefulib.messaging import Consumer

from .conftest import ARCHIVES


def test_a_unit_is_created_with_its_created_event_in_the_outbox(client, db, projects, as_role):
    headers = as_role("p1", "cs_administrator")
    client.post("/buildings", json={"code": "3", "name": "Block 3"}, headers=headers)
    response = client.post("/units", json={"building": "3", "floor": 12, "room": "1203", "floor_area": 98.5},
                           headers=headers)
    assert response.status_code == 201 and response.get_json()["unit_id"] == "3-12-1203"
    event = db.outbox.find_one({"routing_key": "identity.unit.created"})
    assert event["envelope"]["tenant_id"] == "p1"
    assert event["envelope"]["data"] == {"unit_id": "3-12-1203", "building": "3", "floor": 12, "room": "1203"}


def test_the_worker_relays_unit_created_to_a_consumer(settings_for, app, db, client, projects, as_role):
    settings = app.extensions["kefu"].settings
    seen = []
    consumer = Consumer("identity-test", db, settings.amqp_url, settings.topology,
                        {"identity.unit.created": lambda event, session: seen.append(event.data["unit_id"])})
    consumer.declare()
    headers = as_role("p1", "cs_administrator")
    client.post("/buildings", json={"code": "1"}, headers=headers)
    client.post("/units", json={"building": "1", "floor": 1, "room": "101"}, headers=headers)
    worker = build_worker(settings)
    assert worker.relay.run_once() == 1
    worker.relay.close()
    consumer.drain()
    assert seen == ["1-1-101"]


def test_a_unit_in_a_building_that_does_not_exist_names_the_building_and_writes_nothing(client, db, projects, as_role):
    response = client.post("/units", json={"building": "9", "floor": 1, "room": "101"},
                           headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 422 and "building" in response.get_json()["errors"]
    assert db.units.count_documents({}) == 0 and db.outbox.count_documents({}) == 0


@pytest.mark.parametrize("body, field", [
    ({"floor": 1, "room": "101"}, "building"),
    ({"building": "1-2", "floor": 1, "room": "101"}, "building"),
    ({"building": "1", "floor": "high", "room": "101"}, "floor"),
    ({"building": "1", "floor": 1}, "room"),
    ({"building": "1", "floor": 1, "room": "10 1"}, "room"),
    ({"building": "1", "floor": 1, "room": "101", "floor_area": -3}, "floor_area"),
])
def test_malformed_units_are_refused_naming_the_field(client, db, units, as_role, body, field):
    before = db.units.count_documents({})
    response = client.post("/units", json=body, headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert db.units.count_documents({}) == before


def test_the_same_unit_twice_is_a_conflict(client, units, as_role):
    response = client.post("/units", json={"building": "1", "floor": 1, "room": "101"},
                           headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 409


def test_another_projects_unit_looks_missing(client, units, as_role):
    other = as_role("p2", "cs_assistant")
    client.post("/buildings", json={"code": "7"}, headers=as_role("p1", "cs_administrator"))
    client.post("/units", json={"building": "7", "floor": 1, "room": "1"}, headers=as_role("p1", "cs_administrator"))
    foreign = client.get("/units/7-1-1", headers=other)
    missing = client.get("/units/8-1-1", headers=other)
    assert foreign.status_code == missing.status_code == 404 and foreign.get_json() == missing.get_json()
    assert client.get("/units?building=7", headers=other).get_json()["total"] == 0


def test_units_page_and_filter_by_building(client, units, as_role):
    headers = as_role("p1", "cs_assistant")
    page = client.get("/units?page_size=1", headers=headers).get_json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["items"][0]["unit_id"] == "1-1-101"
    assert client.get("/units?floor=2", headers=headers).get_json()["items"][0]["unit_id"] == "1-2-201"
    assert client.get("/units?page=0", headers=headers).status_code == 422


def test_only_unit_keepers_create_units(client, projects, as_role):
    response = client.post("/buildings", json={"code": "1"}, headers=as_role("p1", "technician", scopes=ARCHIVES))
    assert response.status_code == 403


def test_project_settings_default_to_the_handbook_and_a_bad_ratio_names_the_field(client, projects, as_role, token_factory):
    manager = token_factory.headers("p1", ["identity:admin", "identity:read"], ["project_manager"])
    assert client.get("/settings", headers=manager).get_json()["sample_ratio"] == "1/20"
    assert client.patch("/settings", json={"sample_ratio": "3/2"}, headers=manager).get_json()["errors"].keys() == \
        {"sample_ratio"}
    changed = client.patch("/settings", json={"move_in_date": "2024-01-15"}, headers=manager)
    assert changed.status_code == 200 and changed.get_json()["move_in_date"] == "2024-01-15"
    assert client.get("/settings", headers=as_role("p2", "cs_assistant")).get_json()["move_in_date"] is None


def test_the_openapi_document_lists_every_identity_endpoint(client):
    spec = client.get("/openapi.json").get_json()
    for path in ("/units", "/buildings", "/staff", "/units/{unit_id}/owner", "/borrowing-requests/{request_id}/approve",
                 "/access-log", "/access-log/verify", "/contact-list", "/customers", "/important-events/{event_id}/file",
                 "/quality-checks", "/units/{unit_id}/checklists/{kind}", "/keys/rotate", "/oauth/revoke"):
        assert path in spec["paths"], path
    assert "ArchiveView" in spec["components"]["schemas"]
