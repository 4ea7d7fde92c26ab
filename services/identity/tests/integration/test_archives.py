"""Owner and resident archives read through the access policy, borrowing approvals, the contact list
and the hash-chained access log (ID-3, ID-7, ID-8, ID-9)."""
import json
from datetime import timedelta

import pytest
from identity.cli import main as cli_main

OWNER = {"since": "2024-03-01", "name": "王小明", "gender": "male", "id_number": "110101199001011234",
         "native_place": "湖南长沙", "household_registration": "长沙市岳麓区", "phone": "13812341234",
         "address": "深圳市南山区海岸花园3栋1203", "floor_area": 98.5, "agent_name": "王大明"}
RESIDENTS = {"members": [{"name": "王小明", "id_number": "110101199001011234", "phone": "13812341234"},
                         {"name": "李娟", "id_number": "110101199202022345", "phone": "13900001111"}],
             "emergency_contact": {"name": "王大明", "phone": "13700002222", "address": "长沙市岳麓区1号"}}


@pytest.fixture
def owner(client, units, as_role):
    response = client.post("/units/1-1-101/owner", json=OWNER, headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 201, response.get_json()
    client.put("/units/1-1-101/residents", json=RESIDENTS, headers=as_role("p1", "cs_administrator"))
    return response.get_json()


def read(client, headers, path="/units/1-1-101/owner", purpose="customer_service", fields=()):
    query = "&".join([f"purpose={purpose}"] + [f"fields={f}" for f in fields])
    return client.get(f"{path}?{query}", headers=headers)


def borrow(client, headers, clock, fields=("name", "phone"), purpose="repair_dispatch", hours=1, **extra):
    body = {"record_kind": "owner_archive", "purpose": purpose, "fields": list(fields),
            "valid_until": (clock.at + timedelta(hours=hours)).isoformat(), **extra}
    return client.post("/borrowing-requests", json=body, headers=headers)


def test_a_cs_assistant_reads_the_whole_owner_archive_for_customer_service(client, owner, as_role):
    response = read(client, as_role("p1", "cs_assistant"))
    assert response.status_code == 200
    view = response.get_json()
    assert view["record"]["name"] == "王小明" and view["record"]["id_number"] == "110101199001011234"
    assert view["hidden_fields"] == [] and view["role"] == "cs_assistant"


def test_every_read_allowed_or_refused_is_logged_with_who_what_and_why(client, db, owner, as_role):
    read(client, as_role("p1", "cs_assistant"), fields=["name"])
    refused = read(client, as_role("p1", "technician"), purpose="repair_dispatch")
    assert refused.status_code == 403 and "borrowing approval" in refused.get_json()["detail"]
    entries = list(db.access_log.find({"tenant_id": "p1"}).sort("seq", 1))
    assert [(e["actor"], e["allowed"], e["purpose"]) for e in entries] == [
        ("p1-cs_assistant", True, "customer_service"), ("p1-technician", False, "repair_dispatch")]
    assert entries[0]["fields"] == ["name"] and entries[0]["record_id"] == owner["owner_id"]
    assert entries[1]["prev_hash"] == entries[0]["hash"]


def test_a_borrowing_request_approved_by_the_manager_opens_named_fields_until_its_end(client, db, owner, as_role, clock):
    technician, manager = as_role("p1", "technician"), as_role("p1", "project_manager")
    request = borrow(client, technician, clock).get_json()
    assert request["status"] == "pending"
    approved = client.post(f"/borrowing-requests/{request['id']}/approve", json={"note": "leak in 1-1-101"},
                           headers=manager)
    assert approved.status_code == 200 and approved.get_json()["approved_by"] == "p1-project_manager"
    allowed = read(client, technician, purpose="repair_dispatch", fields=["name", "phone", "id_number"])
    assert allowed.status_code == 200
    view = allowed.get_json()
    assert view["record"] == {"name": "王小明", "phone": "13812341234"} and view["hidden_fields"] == ["id_number"]
    assert view["approval_id"] == request["id"]
    clock.at = clock.at + timedelta(hours=1)  # the request's end time: from now on it is not in force
    expired = read(client, technician, purpose="repair_dispatch", fields=["name", "phone", "id_number"])
    assert expired.status_code == 403
    last = db.access_log.find_one({"tenant_id": "p1"}, sort=[("seq", -1)])
    assert last["allowed"] is False and last["approval_id"] is None


def test_a_pending_or_rejected_request_opens_nothing(client, owner, as_role, clock):
    technician, manager = as_role("p1", "technician"), as_role("p1", "project_manager")
    request = borrow(client, technician, clock).get_json()
    assert read(client, technician, purpose="repair_dispatch", fields=["name"]).status_code == 403
    no_note = client.post(f"/borrowing-requests/{request['id']}/reject", json={}, headers=manager)
    assert no_note.status_code == 422 and "note" in no_note.get_json()["errors"]
    client.post(f"/borrowing-requests/{request['id']}/reject", json={"note": "not needed"}, headers=manager)
    assert read(client, technician, purpose="repair_dispatch", fields=["name"]).status_code == 403
    again = client.post(f"/borrowing-requests/{request['id']}/approve", json={}, headers=manager)
    assert again.status_code == 409


def test_only_the_project_manager_approves_and_never_their_own_request(client, owner, as_role, clock):
    manager = as_role("p1", "project_manager")
    own = borrow(client, manager, clock, purpose="billing").get_json()
    assert client.post(f"/borrowing-requests/{own['id']}/approve", json={}, headers=manager).status_code == 403
    other = borrow(client, as_role("p1", "technician"), clock).get_json()
    supervisor = as_role("p1", "cs_supervisor")
    assert client.post(f"/borrowing-requests/{other['id']}/approve", json={}, headers=supervisor).status_code == 403


def test_an_outside_party_must_attach_proof_of_authority(client, db, owner, as_role, clock):
    police = as_role("p1", "integration_client")
    refused = borrow(client, police, clock, purpose="legal_request")
    assert refused.status_code == 422 and "proof_of_authority" in refused.get_json()["errors"]
    assert db.archive_approvals.count_documents({}) == 0
    request = borrow(client, police, clock, purpose="legal_request", proof_of_authority="doc://police-letter-17")
    assert request.status_code == 201
    client.post(f"/borrowing-requests/{request.get_json()['id']}/approve", json={}, headers=as_role("p1", "project_manager"))
    view = read(client, police, purpose="legal_request", fields=["name", "phone"]).get_json()
    assert view["record"] == {"name": "王小明", "phone": "13812341234"}


def test_export_needs_an_export_approval_even_for_cs_staff(client, owner, as_role, clock):
    assistant = as_role("p1", "cs_assistant")
    assert read(client, assistant, purpose="export", fields=["name"]).status_code == 403
    request = borrow(client, assistant, clock, purpose="export", fields=["name"], type="export").get_json()
    client.post(f"/borrowing-requests/{request['id']}/approve", json={}, headers=as_role("p1", "project_manager"))
    assert read(client, assistant, purpose="export", fields=["name"]).get_json()["record"] == {"name": "王小明"}


@pytest.mark.parametrize("change, field", [
    ({"record_kind": "diary"}, "record_kind"),
    ({"purpose": "curiosity"}, "purpose"),
    ({"fields": ["shoe_size"]}, "fields.0"),
    ({"fields": []}, "fields"),
    ({"fields": ["birthday"]}, "fields"),  # a VIP field, not an owner-archive field
    ({"valid_until": "2020-01-01T00:00:00+00:00"}, "valid_until"),
    ({"valid_until": "tomorrow"}, "valid_until"),
    ({"purpose": "export"}, "purpose"),  # export needs the export type
])
def test_malformed_borrowing_requests_name_the_field_and_write_nothing(client, db, owner, as_role, clock, change, field):
    body = {"record_kind": "owner_archive", "purpose": "repair_dispatch", "fields": ["name"],
            "valid_until": (clock.at + timedelta(hours=1)).isoformat(), **change}
    response = client.post("/borrowing-requests", json=body, headers=as_role("p1", "technician"))
    assert response.status_code == 422 and field in response.get_json()["errors"], response.get_json()
    assert db.archive_approvals.count_documents({}) == 0


def test_a_transfer_keeps_the_history_and_the_newest_owner_wins(client, db, owner, as_role):
    keeper = as_role("p1", "cs_administrator")
    new = client.post("/units/1-1-101/owner", json={**OWNER, "since": "2025-06-01", "name": "赵敏"}, headers=keeper)
    assert new.status_code == 201 and new.get_json()["previous_owner_id"] == owner["owner_id"]
    history = client.get("/units/1-1-101/owner/history", headers=keeper).get_json()["items"]
    assert [(h["owner_id"], h["valid_from"], h["valid_until"]) for h in history] == [
        (owner["owner_id"], "2024-03-01", "2025-06-01"), (new.get_json()["owner_id"], "2025-06-01", None)]
    assert read(client, keeper, fields=["name"]).get_json()["record"] == {"name": "赵敏"}
    past = read(client, keeper, path=f"/owner-archives/{owner['owner_id']}", fields=["name"]).get_json()
    assert past["record"] == {"name": "王小明"}
    events = [e["envelope"]["data"] for e in db.outbox.find({"routing_key": "identity.owner.changed"})]
    assert events[-1] == {"unit_id": "1-1-101", "owner_id": new.get_json()["owner_id"], "since": "2025-06-01"}
    assert db.unit_documents.find_one({"unit_id": "1-1-101", "kind": "transfer"}) is not None


def test_a_transfer_dated_before_the_current_owner_names_the_field(client, db, owner, as_role):
    response = client.post("/units/1-1-101/owner", json={**OWNER, "since": "2023-01-01"},
                           headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 422 and "since" in response.get_json()["errors"]
    assert db.owner_archives.count_documents({}) == 1


@pytest.mark.parametrize("change, field", [
    ({"since": None}, "since"), ({"name": ""}, "name"), ({"id_number": "12"}, "id_number"),
    ({"phone": "call me"}, "phone"), ({"gender": "x"}, "gender"), ({"floor_area": "big"}, "floor_area"),
])
def test_malformed_owner_archives_name_the_field_and_write_nothing(client, db, units, as_role, change, field):
    response = client.post("/units/1-1-101/owner", json={**OWNER, **change}, headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert db.owner_archives.count_documents({}) == 0
    assert db.outbox.count_documents({"routing_key": "identity.owner.changed"}) == 0


@pytest.mark.parametrize("body, field", [
    ({}, "members"), ({"members": [{"name": ""}]}, "members.0.name"),
    ({"members": [], "emergency_contact": {"phone": "123456"}}, "emergency_contact.name"),
])
def test_malformed_resident_archives_name_the_field_and_write_nothing(client, db, units, as_role, body, field):
    response = client.put("/units/1-1-101/residents", json=body, headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 422 and field in response.get_json()["errors"]
    assert db.resident_archives.count_documents({}) == 0


def test_resident_phones_are_hidden_from_security_and_id_numbers_masked(client, db, owner, as_role, clock):
    """Issue 10: an approved borrowing must be usable. Security asking for a phone is refused when it asks,
    naming the field and saying who can help; what it may have is approved and then really read."""
    guard, manager = as_role("p1", "security"), as_role("p1", "project_manager")
    body = {"record_kind": "resident_archive", "purpose": "customer_service",
            "fields": ["members.name", "members.id_number", "members.phone"],
            "valid_until": (clock.at + timedelta(hours=1)).isoformat()}
    refused = client.post("/borrowing-requests", headers=guard, json=body)
    assert refused.status_code == 422
    assert "members.phone" in refused.get_json()["errors"]["fields"][0]
    assert "customer-service centre" in refused.get_json()["errors"]["fields"][0]
    assert db.archive_approvals.count_documents({}) == 0
    request = client.post("/borrowing-requests", headers=guard, json={
        **body, "fields": ["members.name", "members.id_number"]}).get_json()
    approved = client.post(f"/borrowing-requests/{request['id']}/approve", json={}, headers=manager)
    assert approved.status_code == 200
    view = read(client, guard, path="/units/1-1-101/residents",
                fields=["members.name", "members.id_number", "members.phone"]).get_json()
    assert view["record"]["members"][0] == {"name": "王小明", "id_number": "110***********1234"}
    assert view["hidden_fields"] == ["members.phone"] and view["approval_id"] == request["id"]


def test_a_request_made_before_the_check_cannot_be_approved_into_something_unusable(client, db, owner, as_role,
                                                                                   clock):
    guard, manager = as_role("p1", "security"), as_role("p1", "project_manager")
    request = client.post("/borrowing-requests", headers=guard, json={
        "record_kind": "owner_archive", "purpose": "customer_service", "fields": ["name"],
        "valid_until": (clock.at + timedelta(hours=1)).isoformat()}).get_json()
    # As stored by the version that accepted any field: a phone for security.
    db.archive_approvals.update_one({"_id": request["id"]}, {"$set": {"fields": ["name", "phone"]}})
    response = client.post(f"/borrowing-requests/{request['id']}/approve", json={}, headers=manager)
    assert response.status_code == 409 and "phone" in response.get_json()["detail"]
    assert db.archive_approvals.find_one({"_id": request["id"]})["status"] == "pending"


def test_security_contact_list_shows_unit_name_masked_id_and_emergency_contact_but_never_phone_or_address(
        client, db, owner, as_role):
    response = client.get("/contact-list", headers=as_role("p1", "security"))
    assert response.status_code == 200
    page = response.get_json()
    assert page["total"] == 2
    assert page["items"][0] == {"unit": "1-1-101", "name": "王小明", "id_number": "110***********1234",
                                "emergency_contact": {"name": "王大明"}}
    text = json.dumps(page, ensure_ascii=False)
    assert "1381234" not in text and "1370000" not in text and "深圳" not in text and "岳麓区1号" not in text
    assert db.access_log.count_documents({"tenant_id": "p1", "record_kind": "contact_list", "allowed": True}) == 2


def test_a_technician_gets_no_contact_list(client, db, owner, as_role):
    assert client.get("/contact-list", headers=as_role("p1", "technician")).status_code == 403
    assert db.access_log.count_documents({"allowed": False, "record_kind": "contact_list"}) == 1


def test_reads_name_bad_purposes_and_fields_and_log_nothing(client, db, owner, as_role):
    assistant = as_role("p1", "cs_assistant")
    assert read(client, assistant, purpose="gossip").get_json()["errors"].keys() == {"purpose"}
    assert "fields.0" in read(client, assistant, fields=["shoe_size"]).get_json()["errors"]
    no_purpose = client.get("/units/1-1-101/owner", headers=assistant)
    assert no_purpose.status_code == 422 and "purpose" in no_purpose.get_json()["errors"]
    bad_kind_field = read(client, assistant, fields=["members.phone"])
    assert bad_kind_field.status_code == 422 and "fields" in bad_kind_field.get_json()["errors"]
    assert db.access_log.count_documents({}) == 0


def test_another_projects_archives_look_missing_on_every_archive_endpoint(client, db, owner, as_role, clock):
    mine, keeper = as_role("p1", "project_manager"), as_role("p1", "cs_administrator")
    request = borrow(client, as_role("p1", "technician"), clock).get_json()
    read(client, mine)
    client.post("/buildings", json={"code": "7"}, headers=keeper)
    client.post("/units", json={"building": "7", "floor": 1, "room": "1"}, headers=keeper)
    client.post("/units/7-1-1/owner", json=OWNER, headers=keeper)
    client.put("/units/7-1-1/residents", json=RESIDENTS, headers=keeper)
    other = as_role("p2", "project_manager", subject="p2-pm")
    probes = [
        ("get", "/units/7-9-9/owner?purpose=customer_service", "/units/7-1-1/owner?purpose=customer_service"),
        ("post", "/units/7-9-9/owner", "/units/7-1-1/owner"),
        ("get", "/owner-archives/own_missing?purpose=customer_service",
         f"/owner-archives/{owner['owner_id']}?purpose=customer_service"),
        ("get", "/units/7-9-9/owner/history", "/units/7-1-1/owner/history"),
        ("get", "/borrowing-requests/apr_missing", f"/borrowing-requests/{request['id']}"),
        ("post", "/borrowing-requests/apr_missing/approve", f"/borrowing-requests/{request['id']}/approve"),
        ("post", "/borrowing-requests/apr_missing/reject", f"/borrowing-requests/{request['id']}/reject"),
        ("put", "/units/7-9-9/residents", "/units/7-1-1/residents"),
        ("get", "/units/7-9-9/residents?purpose=customer_service", "/units/7-1-1/residents?purpose=customer_service"),
    ]
    for method, missing_path, foreign_path in probes:
        body = {"json": RESIDENTS} if method == "put" else ({"json": {"note": "x"}} if method == "post" else {})
        if missing_path.endswith("/owner") and method == "post":
            body = {"json": OWNER}
        missing = getattr(client, method)(missing_path, headers=other, **body)
        assert missing.status_code == 404, (missing_path, missing.get_json())
        if foreign_path:
            foreign = getattr(client, method)(foreign_path, headers=other, **body)
            assert foreign.status_code == 404 and foreign.get_json() == missing.get_json(), foreign_path
    # p2 has a unit 1-1-101 of its own, with no owner: p1's owner does not show through
    assert read(client, other).status_code == 404
    assert client.get("/units/1-1-101/owner/history", headers=other).get_json()["items"] == []
    assert client.get("/borrowing-requests", headers=other).get_json()["total"] == 0
    assert client.get("/access-log", headers=other).get_json()["total"] == 0
    assert client.get("/contact-list?building=1", headers=as_role("p2", "security")).get_json()["items"] == [
        {"unit": "1-1-101", "name": None, "id_number": None, "emergency_contact": {"name": None}},
        {"unit": "1-2-201", "name": None, "id_number": None, "emergency_contact": {"name": None}}]
    verified = client.post("/access-log/verify", json={}, headers=other).get_json()
    assert verified["tenant_id"] == "p2" and verified["entries_checked"] == 2  # p2's own two contact reads only
    assert db.archive_approvals.find_one({"_id": request["id"]})["status"] == "pending"
    assert db.owner_archives.count_documents({"tenant_id": "p2"}) == 0
    assert db.resident_archives.count_documents({"tenant_id": "p2"}) == 0


def test_staff_other_than_the_manager_and_hq_cannot_read_the_access_log(client, owner, as_role):
    read(client, as_role("p1", "cs_assistant"))
    assert client.get("/access-log", headers=as_role("p1", "cs_supervisor")).status_code == 403
    assert client.post("/access-log/verify", json={}, headers=as_role("p1", "cs_supervisor")).status_code == 403
    log = client.get("/access-log?allowed=true", headers=as_role("p1", "project_manager")).get_json()
    assert log["total"] == 1 and log["items"][0]["actor"] == "p1-cs_assistant"
    hq = as_role("hq", "hq_auditor", hq=True)
    assert client.get("/access-log?project=p1", headers=hq).get_json()["total"] == 1


def test_the_access_log_has_no_api_to_change_or_delete_an_entry(client, owner, as_role):
    read(client, as_role("p1", "cs_assistant"))
    manager = as_role("p1", "project_manager")
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)("/access-log", headers=manager).status_code == 405
    assert client.delete("/access-log/1", headers=manager).status_code == 404


def test_tampering_with_one_stored_entry_is_reported_naming_that_entry(client, db, owner, as_role, monkeypatch, capsys, app):
    assistant = as_role("p1", "cs_assistant")
    for fields in (["name"], ["phone"], ["address"]):
        read(client, assistant, fields=fields)
    manager = as_role("p1", "project_manager")
    assert client.post("/access-log/verify", json={}, headers=manager).get_json()["ok"] is True
    db.access_log.update_one({"tenant_id": "p1", "seq": 2}, {"$set": {"fields": ["name"]}})  # hide a phone read
    report = client.post("/access-log/verify", json={}, headers=manager).get_json()
    assert (report["ok"], report["first_bad_seq"], report["problem"]) == (False, 2, "hash_mismatch")
    assert report["first_bad_entry"]["seq"] == 2
    settings = app.extensions["kefu"].settings
    monkeypatch.setenv("MONGO_URL", settings.mongo_url)
    monkeypatch.setenv("MONGO_DB", settings.mongo_db)
    assert cli_main(["verify-log", "--tenant", "p1"]) == 1
    assert json.loads(capsys.readouterr().out)["first_bad_seq"] == 2


def test_a_deleted_tail_is_caught_against_the_head_hq_recorded(client, db, owner, as_role):
    assistant, manager = as_role("p1", "cs_assistant"), as_role("p1", "project_manager")
    read(client, assistant)
    read(client, assistant)
    head = client.post("/access-log/verify", json={}, headers=manager).get_json()["head"]
    db.access_log.delete_one({"tenant_id": "p1", "seq": 2})
    report = client.post("/access-log/verify", json={"expected_head": head}, headers=manager).get_json()
    assert report["ok"] is False and report["first_bad_seq"] == 2 and report["problem"] == "missing_entry"


def test_concurrent_reads_extend_one_unbroken_chain(db):
    import threading
    from datetime import UTC, datetime

    from identity.access_log import append_access_log, verify_log

    def reader(n):
        for _ in range(5):
            append_access_log(db, "p1", at=datetime.now(UTC), actor=f"reader-{n}", role="cs_assistant",
                              record_kind="owner_archive", record_id="own_1", fields=["name"],
                              purpose="customer_service", approval_id=None, allowed=True)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = verify_log(db, "p1")
    assert report["ok"] and report["entries_checked"] == 20 and report["head"]["seq"] == 20
    assert report["stored_head"]["seq"] == 20  # the signed head moved with every append, none lost
