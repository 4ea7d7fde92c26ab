"""The cross-tenant probe generated from identity's OpenAPI document (see kefulib.testing.tenant_probe).

Project OWNER holds one of every kind of record identity keeps; project INTRUDER, with every project-level
role and every identity scope, calls every operation with OWNER's ids and must get what a missing id gets.
"""
import json
from datetime import timedelta

import pytest
from identity import handlers
from identity.domain import HQ_ROLES, OUTSIDE_ROLES, Role
from identity.store import STAFF, TENANTS
from kefulib.testing.tenant_probe import METHODS, Probe, probe_service

OWNER, INTRUDER = "harbour-court", "lakeside-garden"
IDENTITY_SCOPES = ["identity:admin", "identity:read", "identity:write", "identity:archives"]
PROJECT_ROLES = [r.value for r in Role if r not in HQ_ROLES]  # HQ roles read across projects by design
STAFF_ROLES = [r.value for r in Role if r not in HQ_ROLES | OUTSIDE_ROLES]  # no proof of authority needed
UNIT = "HC7-7-0701"  # a building code project INTRUDER does not have, so the id cannot collide by chance
PERSON_ROLE = "cs_assistant"
# Marker strings stored only in OWNER's records (ASCII: a JSON answer escapes anything else).
MARKERS = {"Harbour Marker Tower", "Owen Markerfield", "OWNERID424242", "13800042042", "42 Secret Harbour Road",
           "Rita Markerlane", "RESIDID737373", "Emma Markercontact", "Vera Markerprofile", "Leak in marker ceiling",
           "marker-person", "Marker Person", "Marker Console"}


def _created(response, status=201) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()


@pytest.fixture
def owner_records(client, db, token_factory, clock):
    """One of everything identity keeps, in project OWNER; its ids by parameter name (path, query and body).

    Not built on conftest's `projects`/`units`: those give p1 and p2 the same unit ids (1-1-101), so p2's own
    unit would answer where p1's should look missing."""
    for code in (OWNER, INTRUDER):
        handlers.create_tenant(db, f"Project {code}", code)

    def as_(*roles, subject=None):
        return token_factory.headers(OWNER, IDENTITY_SCOPES, list(roles), subject=subject or f"owner-{roles[0]}")

    hq = token_factory.headers("hq", ["identity:admin"], ["hq_admin"], subject="hq-admin", hq=True)
    keeper, manager = as_("cs_administrator"), as_("project_manager")
    supervisor, technician = as_("cs_supervisor"), as_("technician")

    _created(client.post(f"/tenants/{OWNER}/clients", json={"name": "Marker Console", "scopes": ["visits:read"]},
                         headers=hq))
    person = _created(client.post("/staff", headers=hq, json={
        "username": "marker-person", "name": "Marker Person", "password": "correct horse battery",
        "roles": [{"role": PERSON_ROLE, "project_id": OWNER}]}))
    building, floor, room = UNIT.split("-")
    _created(client.post("/buildings", json={"code": building, "name": "Harbour Marker Tower"}, headers=keeper))
    _created(client.post("/units", json={"building": building, "floor": int(floor), "room": room, "floor_area": 88.5},
                         headers=keeper))
    owner = _created(client.post(f"/units/{UNIT}/owner", headers=keeper, json={
        "since": "2020-03-01", "name": "Owen Markerfield", "gender": "male", "id_number": "OWNERID424242",
        "phone": "13800042042", "address": "42 Secret Harbour Road", "floor_area": 88.5}))
    _created(client.put(f"/units/{UNIT}/residents", headers=keeper, json={
        "members": [{"name": "Rita Markerlane", "id_number": "RESIDID737373", "phone": "13800042042"}],
        "emergency_contact": {"name": "Emma Markercontact", "phone": "13800042042"}}))
    _created(client.post(f"/units/{UNIT}/checklists/move_in", json={"received": ["MI-01"]}, headers=keeper), 200)
    customer = _created(client.post("/customers", headers=supervisor, json={
        "unit_id": UNIT, "name": "Vera Markerprofile", "move_in_date": "2020-03-01", "classes": ["owners_committee"],
        "preferences": "Harbour Marker Tower calls"}))
    event = _created(client.post("/important-events", headers=as_("cs_assistant"), json={
        "kind": "major_complaint", "title": "Leak in marker ceiling", "unit_id": UNIT, "summary": "Owen Markerfield"}))
    _created(client.post(f"/important-events/{event['id']}/submit", json={}, headers=as_("cs_assistant")), 200)
    request = _created(client.post("/borrowing-requests", headers=technician, json={
        "record_kind": "owner_archive", "purpose": "repair_dispatch", "fields": ["name", "phone"],
        "valid_until": (clock.at + timedelta(days=1)).isoformat()}))
    read = client.get(f"/units/{UNIT}/owner?purpose=customer_service", headers=as_("cs_assistant"))
    assert read.status_code == 200  # an access-log entry of OWNER's
    _created(client.patch("/settings", json={"move_in_date": "2020-01-01"}, headers=manager), 200)
    check = _created(client.post("/quality-checks", headers=manager))
    _created(client.post(f"/quality-checks/{check['id']}/findings", json={"unit_id": UNIT, "complete": False},
                         headers=manager), 200)
    _intruders_own_records(client, token_factory)
    return {"tenant_id": OWNER, "project_id": OWNER, "project": OWNER, "person_id": person["id"], "unit_id": UNIT,
            "owner_id": owner["owner_id"], "record_id": owner["owner_id"], "request_id": request["id"],
            "customer_id": customer["customer_id"], "event_id": event["id"], "check_id": check["id"]}


def _intruders_own_records(client, token_factory) -> None:
    """Project INTRUDER has records of its own, so its lists are not empty and a check is due to start."""
    keeper = token_factory.headers(INTRUDER, IDENTITY_SCOPES, ["cs_administrator", "project_manager"], subject="lg-pm")
    _created(client.post("/buildings", json={"code": "LG1", "name": "Lakeside 1"}, headers=keeper))
    _created(client.post("/units", json={"building": "LG1", "floor": 1, "room": "101"}, headers=keeper))
    _created(client.post("/units/LG1-1-101/owner", json={"since": "2020-03-01", "name": "Lakeside Owner"}, headers=keeper))
    _created(client.post("/customers", json={"unit_id": "LG1-1-101", "name": "Lakeside Owner", "classes": ["large_customer"]},
                         headers=keeper))
    _created(client.post("/important-events", json={"kind": "legal_risk", "title": "Lakeside", "unit_id": "LG1-1-101"},
                         headers=keeper))
    _created(client.patch("/settings", json={"move_in_date": "2020-01-01"}, headers=keeper), 200)


def _probe(ids: dict) -> Probe:
    return Probe(owner_tenant=OWNER, ids=ids, secrets=set(MARKERS),
                 values={"role": PERSON_ROLE, "password": "a long unguessable phrase"},
                 # An important event's body has a `kind` too (an enum the probe fills by itself).
                 path_values={"kind": "move_in"},
                 # An empty PATCH is refused before any lookup; this one reaches the lookup.
                 bodies={"PATCH /customers/{customer_id}": {"add_opinion": "probe"}})


def _untenanted(db, ids) -> str:
    """OWNER's documents that carry no tenant_id (the probe's fingerprint cannot see them)."""
    return json.dumps([db[STAFF].find_one({"_id": ids["person_id"]}), db[TENANTS].find_one({"_id": OWNER})],
                      sort_keys=True, default=str)


def _operations(spec: dict) -> set[str]:
    return {f"{method.upper()} {path}" for path, item in spec["paths"].items() for method, operation in item.items()
            if method in METHODS and operation.get("security", [{}])}


@pytest.mark.parametrize("roles", [PROJECT_ROLES, STAFF_ROLES], ids=["every-project-role", "staff-roles-only"])
def test_every_operation_answers_another_project_like_not_found(client, db, token_factory, owner_records, roles):
    spec = client.get("/openapi.json").get_json()
    intruder = token_factory.headers(INTRUDER, IDENTITY_SCOPES, roles, subject="intruder")
    before = _untenanted(db, owner_records)
    report = probe_service(client, spec, intruder, _probe(owner_records), db)
    print("\n".join(report.probed))
    assert report.findings == []
    assert _untenanted(db, owner_records) == before
    assert {line.split(" -> ")[0] for line in report.probed} == _operations(spec)  # nothing skipped


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(client, db, token_factory, owner_records):
    """The probe itself is checked: aimed with the owner's own token, it must see the records."""
    spec = client.get("/openapi.json").get_json()
    owner = token_factory.headers(OWNER, IDENTITY_SCOPES, ["cs_assistant", "project_manager"], subject="owner-probe")
    findings = probe_service(client, spec, owner, _probe(owner_records), db).findings
    assert any(f.startswith("GET /units/{unit_id}/owner: answer carries the owner's") for f in findings), findings
    assert any(f.startswith("GET /customers/{customer_id}: answer carries the owner's") for f in findings), findings
    assert "the owner's stored documents changed during the probe" in findings
