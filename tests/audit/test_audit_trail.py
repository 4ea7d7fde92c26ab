"""X-6: every state change of every service is in its project's audit trail (who, when, what), readable over
REST by the project manager and HQ, never by another project, and without personal values."""

import pytest
from kefulib.audit import AUDIT_TRAIL
from kefulib.store import TenantCollection, run_in_transaction

MANAGER = ("project_manager",)


def trail(client, headers, **query):
    response = client.get("/audit-trail", query_string=query, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["items"]


def test_a_ticket_and_a_settings_change_name_who_when_and_what(build_app, headers_for):
    client = build_app("ticketing").test_client()
    clerk = headers_for("ticketing", "p1", ("cs_assistant",), subject="cs-7", hq=False)
    manager = headers_for("ticketing", "p1", MANAGER, subject="pm-1", hq=False)
    ticket = client.post("/tickets", json={"kind": "repair", "title": "厨房漏水"}, headers=clerk).get_json()
    assert client.put("/settings/sla", json={"rules": {"warranty_months": 6}}, headers=manager).status_code == 200

    created = trail(client, manager, record_id=ticket["id"])
    assert [(e["operation"], e["collection"], e["actor"], e["via"]) for e in created][-1] == (
        "insert", "tickets", "cs-7", "request")
    assert created[-1]["roles"] == ["cs_assistant"] and created[-1]["changes"]["document"]["title"] == "厨房漏水"
    settings = trail(client, manager, collection="project_settings")
    assert settings[0]["actor"] == "pm-1"
    written = settings[0]["changes"].get("$set") or settings[0]["changes"]["document"]  # the first save inserts
    assert written["rules"]["warranty_months"] == 6
    at = [e["at"] for e in trail(client, manager)]
    assert at == sorted(at, reverse=True)  # newest first


def test_only_the_manager_and_hq_read_the_trail_and_each_project_only_its_own(build_app, headers_for):
    client = build_app("ticketing").test_client()
    for project in ("p1", "p2"):
        clerk = headers_for("ticketing", project, ("cs_assistant",), hq=False)
        assert client.post("/tickets", json={"kind": "inquiry", "title": project}, headers=clerk).status_code == 201
    technician = headers_for("ticketing", "p1", ("technician",), hq=False)
    assert client.get("/audit-trail", headers=technician).status_code == 403
    assert {e["project"] for e in trail(client, headers_for("ticketing", "p2", MANAGER, hq=False))} == {"p2"}
    # A manager's token is not HQ: the cross-project trail is refused.
    refused = client.get("/hq/audit-trail", headers=headers_for("ticketing", "p1", MANAGER, hq=False))
    assert refused.status_code == 403
    auditor = headers_for("ticketing", "hq", ("hq_auditor",), hq=True)
    everywhere = client.get("/hq/audit-trail", headers=auditor).get_json()["items"]
    assert {e["project"] for e in everywhere} == {"p1", "p2"}
    one = client.get("/hq/audit-trail", query_string={"project": "p2"}, headers=auditor).get_json()["items"]
    assert {e["project"] for e in one} == {"p2"}


def test_a_deleted_watch_list_entry_is_kept_in_the_trail_without_personal_values(build_app, headers_for):
    client = build_app("visits").test_client()
    supervisor = headers_for("visits", "p1", ("security_supervisor",), subject="sec-1", hq=False)
    entry = client.post("/watch-list", headers=supervisor, json={
        "document_type": "id_card", "document_number": "110105199003071239",
        "reason": "多次冒充快递员进入小区"})
    assert entry.status_code == 201, entry.get_data(as_text=True)[:300]
    entry_id = entry.get_json()["id"]
    assert client.delete(f"/watch-list/{entry_id}", headers=supervisor).status_code == 204
    history = trail(client, headers_for("visits", "p1", MANAGER, hq=False), record_id=entry_id)
    assert [e["operation"] for e in history] == ["delete", "insert"]
    deleted = history[0]["changes"]["document"]
    assert deleted["reason"] == "多次冒充快递员进入小区" and history[0]["actor"] == "sec-1"
    text = str(history)
    assert "110105199003071239" not in text and "07123" not in text  # the masked form only
    assert "document_fingerprint" in deleted["redacted_fields"]  # a fingerprint lets a number's holder test for it


def test_role_grants_and_removals_are_in_the_projects_trail(build_app, token_factory):
    client = build_app("identity").test_client()
    admin = token_factory.headers("hq", ["identity:admin", "identity:read"], ["hq_admin"], subject="hq-admin",
                                  hq=True)
    assert client.post("/tenants", headers=admin, json={"code": "p1", "name": "阳光花园"}).status_code == 201
    person = client.post("/staff", headers=admin, json={
        "username": "li.technician", "name": "李师傅", "password": "a-Long-passw0rd!",
        "roles": [{"role": "technician", "project_id": "p1"}]})
    assert person.status_code == 201, person.get_data(as_text=True)[:300]
    person_id = person.get_json()["id"]
    granted = client.post(f"/staff/{person_id}/roles", headers=admin, json={"role": "duty_officer", "project_id": "p1"})
    assert granted.status_code in (200, 201), granted.get_data(as_text=True)[:300]
    removed = client.delete(f"/staff/{person_id}/roles/technician", query_string={"project_id": "p1"}, headers=admin)
    assert removed.status_code in (200, 204), removed.get_data(as_text=True)[:300]
    manager = token_factory.headers("p1", ["identity:read"], ["project_manager"], subject="pm-1")
    history = trail(client, manager, record_id=person_id)
    changes = [(e["operation"], e["actor"], e["changes"]) for e in reversed(history)]
    assert [c[0] for c in changes] == ["insert", "update", "update"]
    assert all(c[1] == "hq-admin" for c in changes)
    assert changes[1][2]["$addToSet"]["assignments"]["role"] == "duty_officer"
    assert changes[2][2]["$pull"]["assignments"]["role"] == "technician"
    assert "李师傅" not in str(history) and "passw0rd" not in str(history)
    other = token_factory.headers("p2", ["identity:read"], ["project_manager"])
    assert trail(client, other, record_id=person_id) == []


def test_a_change_rolled_back_leaves_no_entry_and_a_committed_one_exactly_one(mongo_db):
    tickets = TenantCollection(mongo_db["tickets"], "p1")

    def fails(session):
        tickets.insert_one({"_id": "t-rolled-back"}, session=session)
        raise RuntimeError("the use case fails after writing")

    with pytest.raises(RuntimeError):
        run_in_transaction(mongo_db, fails)
    assert mongo_db[AUDIT_TRAIL].count_documents({}) == 0
    run_in_transaction(mongo_db, lambda session: tickets.insert_one({"_id": "t-kept"}, session=session))
    assert [e["record_ids"] for e in mongo_db[AUDIT_TRAIL].find()] == [["t-kept"]]


def test_the_trail_query_is_checked_like_any_other(build_app, headers_for):
    client = build_app("billing").test_client()
    manager = headers_for("billing", "p1", MANAGER, hq=False)
    for query in ({"page": 0}, {"page_size": 500}, {"since": "yesterday"}, {"operation": "drop"}):
        response = client.get("/audit-trail", query_string=query, headers=manager)
        assert response.status_code == 422 and response.get_json()["errors"], query
