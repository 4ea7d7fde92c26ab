"""The unit's renovation checklist follows renovation's events through the real outbox, relay, broker and inbox,
and identity's checklist read API shows the documents as received."""
from kefulib.messaging import Event

APPLICATION = "app-1"


def renovation_event(event_type, tenant="p1", unit_id="1-1-101", **data) -> Event:
    return Event(event_type, tenant, {"application_id": APPLICATION, "unit_id": unit_id, **data}, actor="s-cs")


def renovation(client, headers, unit_id="1-1-101") -> dict:
    response = client.get(f"/units/{unit_id}/checklists", headers=headers)
    assert response.status_code == 200, response.get_json()
    return next((c for c in response.get_json()["checklists"] if c["kind"] == "renovation"), None)


def test_a_whole_renovation_fills_the_units_checklist_and_a_repeat_changes_nothing(client, db, units, as_role,
                                                                                 publish):
    reader = as_role("p1", "cs_assistant")
    steps = [
        renovation_event("renovation.application.submitted", round=1, papers=[
            "application_form", "owner_id", "property_proof", "contractor_licence", "drawings", "agreement",
            "commitment"]),
        renovation_event("renovation.permit.issued", permit_number=1, permit_label="P1-ZX-00001",
                         valid_from="2026-12-10", valid_until="2027-01-10"),
        renovation_event("renovation.pass.issued", pass_number="P1-ZX-00001-W01", sequence=1,
                         valid_from="2026-12-10", valid_until="2027-01-10"),
        renovation_event("renovation.violation.recorded", violation_id="v-1", kind="debris",
                         notice_number="P1-ZX-00001-ZG01", deadline="2026-12-20", for_authorities=False),
        renovation_event("renovation.completion.requested", finished_on="2027-01-05"),
    ]
    assert publish(*steps) == len(steps)
    checklist = renovation(client, reader)
    assert checklist["received"] == ["RN-01", "RN-02", "RN-03", "RN-04", "RN-05", "RN-06", "RN-07", "RN-08", "RN-12"]
    assert checklist["conditions"] == ["completed", "violation"]
    assert [m["code"] for m in checklist["missing"]] == ["RN-11"]  # the passes are not back yet

    accepted = renovation_event("renovation.completion.accepted", passes_returned=1, passes_revoked=0)
    publish(accepted)
    publish(accepted)  # delivered again: recognised in the inbox, nothing changes
    checklist = renovation(client, reader)
    assert checklist["missing"] == [] and "RN-11" in checklist["received"]
    stored = db.unit_documents.find_one({"tenant_id": "p1", "unit_id": "1-1-101", "kind": "renovation"})
    assert stored["received"]["RN-11"]["source"] == {"event": "renovation.completion.accepted",
                                                     "event_id": accepted.id, "application_id": APPLICATION}
    assert stored["received"]["RN-11"]["by"] == "s-cs"
    assert db.inbox.count_documents({"tenant_id": "p1", "consumer": "identity.renovation-checklist"}) == 6
    # Another project's unit of the same number is untouched.
    assert renovation(client, as_role("p2", "cs_assistant")) is None


def test_a_document_the_desk_recorded_keeps_its_first_receipt(client, db, units, as_role, publish):
    keeper = as_role("p1", "cs_administrator")
    response = client.post("/units/1-1-101/checklists/renovation", headers=keeper, json={"received": ["RN-01"]})
    assert response.status_code == 200, response.get_json()
    first = db.unit_documents.find_one({"tenant_id": "p1", "kind": "renovation"})["received"]["RN-01"]
    publish(renovation_event("renovation.application.submitted", round=1, papers=["application_form", "drawings"]))
    stored = db.unit_documents.find_one({"tenant_id": "p1", "kind": "renovation"})
    assert stored["received"]["RN-01"] == first and "source" not in first
    assert stored["received"]["RN-03"]["source"]["event"] == "renovation.application.submitted"


def test_an_event_for_a_unit_identity_does_not_know_writes_nothing(client, db, units, publish):
    assert publish(renovation_event("renovation.permit.issued", unit_id="9-9-909", permit_number=1,
                                    permit_label="P1-ZX-00001", valid_from="2026-12-10",
                                    valid_until="2027-01-10")) == 1
    assert db.unit_documents.count_documents({}) == 0
