"""The visitor register over HTTP: host calls, pre-registrations, the watch list, check-out, the day's log."""
from datetime import UTC, datetime, timedelta

from visits.domain import VISITOR_VIEW_FIELDS

GUARD = ["security_supervisor"]


def visitor(number, unit="3-12-1203", name="Wang Wei", doc_type="id_card", **extra):
    return {"visitor_name": name, "document_type": doc_type, "document_number": number, "unit_id": unit,
            "purpose": "visit a friend", "badge_number": "B-07", **extra}


def consent(client, auth, number, given=True, unit="3-12-1203"):
    response = client.post("/host-calls", json={"visitor_name": "Wang Wei", "document_type": "id_card",
                                                "document_number": number, "unit_id": unit, "given": given},
                           headers=auth())
    assert response.status_code == 201
    return response.get_json()


def watch(client, auth, number, reason="Caught stealing parcels in May", **extra):
    return client.post("/watch-list", json={"document_type": "id_card", "document_number": number, "reason": reason,
                                            **extra}, headers=auth(roles=GUARD))


def iso(moment):
    return moment.isoformat()


def test_an_unknown_visitor_is_held_until_the_host_is_called_and_nothing_is_written(client, db, auth, kit):
    before = kit.counts(db)
    response = client.post("/visitors/check-in", json=visitor(kit.ALICE), headers=auth())
    assert response.status_code == 409
    body = response.get_json()
    assert body["reason_code"] == "host_call_required" and body["requires_host_call"] is True
    assert kit.counts(db) == before


def test_a_visitor_the_host_agreed_to_is_checked_in_with_the_document_masked(client, db, auth, kit):
    call = consent(client, auth, kit.ALICE)
    assert call["given"] is True and call["document_masked"] == "*" * 14 + kit.ALICE[-4:]
    response = client.post("/visitors/check-in", json=visitor(kit.ALICE), headers=auth(subject="guard-7"))
    assert response.status_code == 201
    entry = response.get_json()
    assert set(entry) == set(VISITOR_VIEW_FIELDS)
    assert entry["reason_code"] == "host_consented" and entry["admitted_by"] == "guard-7"
    assert entry["document_masked"].endswith(kit.ALICE[-4:]) and entry["badge_number"] == "B-07"
    stored = db.visitor_register.find_one({"_id": entry["id"]})
    assert kit.ALICE not in str(stored) and len(stored["document_fingerprint"]) == 64


def test_a_visitor_the_host_declined_is_refused(client, auth, kit):
    consent(client, auth, kit.ALICE, given=False)
    response = client.post("/visitors/check-in", json=visitor(kit.ALICE), headers=auth())
    assert response.status_code == 409 and response.get_json()["reason_code"] == "host_refused"


def test_a_host_call_about_another_unit_does_not_let_the_visitor_in(client, auth, kit):
    consent(client, auth, kit.ALICE, unit="1-1-101")
    response = client.post("/visitors/check-in", json=visitor(kit.ALICE, unit="3-12-1203"), headers=auth())
    assert response.status_code == 409 and response.get_json()["reason_code"] == "host_call_required"


def test_a_watch_listed_visitor_is_refused_with_the_reason_even_when_pre_registered_and_agreed(client, db, auth, kit):
    assert watch(client, auth, kit.BOB).status_code == 201
    now = datetime.now(UTC)
    client.post("/pre-registrations", json={"unit_id": "3-12-1203", "guest_name": "Li",
                                            "valid_from": iso(now - timedelta(hours=1)),
                                            "valid_until": iso(now + timedelta(hours=2))}, headers=auth())
    consent(client, auth, kit.BOB)
    typed_differently = kit.BOB[:6] + " " + kit.BOB[6:]
    before = db.visitor_register.count_documents({})
    response = client.post("/visitors/check-in", json=visitor(typed_differently), headers=auth())
    assert response.status_code == 409
    body = response.get_json()
    assert body["reason_code"] == "watch_listed" and body["detail"] == "Caught stealing parcels in May"
    assert body["requires_host_call"] is False
    assert db.visitor_register.count_documents({}) == before


def test_a_watch_list_entry_only_blocks_inside_its_project(client, auth, kit):
    watch(client, auth, kit.BOB)
    response = client.post("/visitors/check-in", json=visitor(kit.BOB), headers=auth("p2"))
    assert response.get_json()["reason_code"] == "host_call_required"


def test_removing_someone_from_the_watch_list_lets_them_in_again(client, auth, kit):
    entry = watch(client, auth, kit.BOB).get_json()
    assert entry["document_masked"].endswith(kit.BOB[-4:])
    listed = client.get("/watch-list", headers=auth()).get_json()
    assert [e["id"] for e in listed["items"]] == [entry["id"]]
    assert client.delete(f"/watch-list/{entry['id']}", headers=auth(roles=GUARD)).status_code == 204
    consent(client, auth, kit.BOB)
    assert client.post("/visitors/check-in", json=visitor(kit.BOB), headers=auth()).status_code == 201


def test_a_watch_list_entry_that_has_expired_no_longer_blocks(client, auth, kit):
    now = datetime.now(UTC)
    watch(client, auth, kit.BOB, active_from=iso(now - timedelta(days=30)), active_until=iso(now - timedelta(days=1)))
    consent(client, auth, kit.BOB)
    assert client.post("/visitors/check-in", json=visitor(kit.BOB), headers=auth()).status_code == 201


def test_listing_the_same_document_twice_is_a_conflict(client, auth, kit):
    watch(client, auth, kit.BOB)
    response = watch(client, auth, kit.BOB.lower())
    assert response.status_code == 409 and response.get_json()["reason_code"] == "already_listed"


def test_only_security_supervisors_and_project_managers_change_the_watch_list(client, db, auth, kit):
    body = {"document_type": "id_card", "document_number": kit.BOB, "reason": "x"}
    assert client.post("/watch-list", json=body, headers=auth(roles=["cs_agent"])).status_code == 403
    entry = watch(client, auth, kit.BOB).get_json()
    assert client.delete(f"/watch-list/{entry['id']}", headers=auth(roles=["cs_agent"])).status_code == 403
    assert client.post("/watch-list", json=body, headers=auth(roles=["project_manager"])).status_code == 409
    assert db.watch_list.count_documents({}) == 1


def test_a_pre_registered_guest_is_checked_in_with_one_tap(client, auth, kit):
    now = datetime.now(UTC)
    pre = client.post("/pre-registrations", json={
        "unit_id": "5-2-502", "guest_name": "Zhao Min", "valid_from": iso(now - timedelta(minutes=5)),
        "valid_until": iso(now + timedelta(hours=3)), "document_type": "passport", "document_number": kit.PASSPORT,
    }, headers=auth(subject="resident-app")).get_json()
    assert pre["document_masked"] == "*****5678" and pre["cancelled"] is False
    response = client.post(f"/pre-registrations/{pre['id']}/check-in",
                           json={"document_type": "passport", "document_number": kit.PASSPORT}, headers=auth())
    assert response.status_code == 201
    entry = response.get_json()
    assert (entry["visitor_name"], entry["unit_id"], entry["reason_code"]) == ("Zhao Min", "5-2-502", "pre_registered")


def test_a_pre_registration_for_a_named_document_does_not_admit_someone_else(client, auth, kit):
    now = datetime.now(UTC)
    pre = client.post("/pre-registrations", json={
        "unit_id": "5-2-502", "valid_from": iso(now - timedelta(minutes=5)), "valid_until": iso(now + timedelta(hours=3)),
        "document_type": "id_card", "document_number": kit.ALICE}, headers=auth()).get_json()
    response = client.post(f"/pre-registrations/{pre['id']}/check-in",
                           json={"document_type": "id_card", "document_number": kit.CAROL, "visitor_name": "X"},
                           headers=auth())
    assert response.status_code == 409 and response.get_json()["reason_code"] == "pre_registration_other_guest"


def test_the_desk_finds_a_valid_pre_registration_for_the_unit_by_itself(client, auth, kit):
    now = datetime.now(UTC)
    client.post("/pre-registrations", json={"unit_id": "5-2-502", "guest_name": "Cleaner",
                                            "valid_from": iso(now - timedelta(days=1)),
                                            "valid_until": iso(now + timedelta(days=90))}, headers=auth())
    response = client.post("/visitors/check-in", json=visitor(kit.CAROL, unit="5-2-502"), headers=auth())
    assert response.status_code == 201 and response.get_json()["reason_code"] == "pre_registered"


def test_an_expired_or_cancelled_pre_registration_needs_a_host_call(client, auth, kit):
    now = datetime.now(UTC)
    expired = client.post("/pre-registrations", json={
        "unit_id": "5-2-502", "valid_from": iso(now - timedelta(days=2)), "valid_until": iso(now - timedelta(days=1))},
        headers=auth()).get_json()
    response = client.post(f"/pre-registrations/{expired['id']}/check-in",
                           json={"document_type": "id_card", "document_number": kit.CAROL, "visitor_name": "X"}, headers=auth())
    assert response.get_json()["reason_code"] == "pre_registration_expired"
    valid = client.post("/pre-registrations", json={
        "unit_id": "5-2-502", "valid_from": iso(now - timedelta(hours=1)), "valid_until": iso(now + timedelta(hours=1))},
        headers=auth()).get_json()
    assert client.post(f"/pre-registrations/{valid['id']}/cancel", headers=auth()).get_json()["cancelled"] is True
    response = client.post(f"/pre-registrations/{valid['id']}/check-in",
                           json={"document_type": "id_card", "document_number": kit.CAROL, "visitor_name": "X"}, headers=auth())
    assert response.status_code == 409 and response.get_json()["reason_code"] == "pre_registration_cancelled"
    assert client.get("/pre-registrations?valid_now=true", headers=auth()).get_json()["total"] == 0


def test_checking_out_takes_the_visitor_off_the_on_site_list_once(client, auth, kit):
    consent(client, auth, kit.ALICE)
    entry = client.post("/visitors/check-in", json=visitor(kit.ALICE), headers=auth()).get_json()
    on_site = client.get("/visitors?on_site=true", headers=auth()).get_json()
    assert [e["id"] for e in on_site["items"]] == [entry["id"]]
    out = client.post(f"/visitors/{entry['id']}/check-out", json={}, headers=auth())
    assert out.status_code == 200 and out.get_json()["checked_out_at"] is not None
    assert client.get("/visitors?on_site=true", headers=auth()).get_json()["total"] == 0
    again = client.post(f"/visitors/{entry['id']}/check-out", json={}, headers=auth())
    assert again.status_code == 409 and again.get_json()["reason_code"] == "already_checked_out"


def test_a_check_out_time_before_the_check_in_is_refused_naming_the_field(client, auth, kit):
    consent(client, auth, kit.ALICE)
    entry = client.post("/visitors/check-in", json=visitor(kit.ALICE), headers=auth()).get_json()
    response = client.post(f"/visitors/{entry['id']}/check-out", json={"at": "2020-01-01T00:00:00+00:00"},
                           headers=auth())
    assert response.status_code == 422 and "checked_out_at" in response.get_json()["errors"]
    assert client.get(f"/visitors/{entry['id']}", headers=auth()).get_json()["checked_out_at"] is None


def test_the_daily_log_is_a_csv_of_the_days_entries_with_masked_documents_only(client, auth, kit):
    for number in (kit.ALICE, kit.CAROL):
        consent(client, auth, number)
        client.post("/visitors/check-in", json=visitor(number, name="=HYPERLINK(1)"), headers=auth())
    supervisor = auth(roles=("security_supervisor",))
    response = client.get("/visitors/log.csv", headers=supervisor)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).strip().splitlines()
    assert lines[0].split(",") == list(VISITOR_VIEW_FIELDS)
    assert len(lines) == 3 and all("'=HYPERLINK(1)" in line for line in lines[1:])
    other_day = client.get("/visitors/log.csv?date=2020-01-01", headers=supervisor).get_data(as_text=True)
    assert other_day.strip().splitlines() == [lines[0]]


def test_an_id_card_number_with_a_wrong_check_digit_is_refused_naming_the_field(client, db, auth, kit):
    wrong = kit.ALICE[:-1] + ("1" if kit.ALICE[-1] != "1" else "2")
    response = client.post("/visitors/check-in", json=visitor(wrong), headers=auth())
    assert response.status_code == 422 and "document_number" in response.get_json()["errors"]
    assert wrong not in response.get_data(as_text=True)
    assert db.visitor_register.count_documents({}) == 0


def test_a_residents_phone_or_address_is_refused_and_never_stored(client, db, auth, kit):
    consent(client, auth, kit.ALICE)
    for extra in ({"resident_phone": "13800138000"}, {"host_address": "Room 1203, Building 3"}):
        response = client.post("/visitors/check-in", json=visitor(kit.ALICE, **extra), headers=auth())
        assert response.status_code == 422 and list(extra)[0] in response.get_json()["errors"]
    assert db.visitor_register.count_documents({}) == 0


def test_no_full_document_number_is_stored_anywhere(client, db, auth, kit):
    watch(client, auth, kit.BOB)
    consent(client, auth, kit.ALICE)
    client.post("/visitors/check-in", json=visitor(kit.ALICE), headers=auth())
    now = datetime.now(UTC)
    client.post("/pre-registrations", json={"unit_id": "1", "valid_from": iso(now), "valid_until": iso(now + timedelta(hours=1)),
                                            "document_type": "passport", "document_number": kit.PASSPORT}, headers=auth())
    stored = " ".join(str(doc) for name in db.list_collection_names() for doc in db[name].find())
    assert all(number not in stored for number in (kit.ALICE, kit.BOB, kit.PASSPORT))


def test_attack_a_technician_with_visits_read_cannot_download_the_visitor_register(client, auth, kit):
    """The register names every visitor of the day; only the security supervisor takes it out of the system."""
    consent(client, auth, kit.ALICE)
    assert client.post("/visitors/check-in", json=visitor(kit.ALICE), headers=auth()).status_code == 201
    for roles in (("technician",), ("cs_assistant",), ()):
        response = client.get("/visitors/log.csv", headers=auth(roles=roles))
        assert response.status_code == 403, roles
        assert response.mimetype == "application/problem+json" and "security_supervisor" in response.get_json()["detail"]
    assert client.get("/visitors/log.csv", headers=auth(roles=("security_supervisor",))).status_code == 200
