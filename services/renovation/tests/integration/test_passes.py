"""Worker passes 装修出入证 (issue 16, step 3): one per worker of a permitted renovation, up to the workers whose pass
fee was paid; the ID number stored only masked; valid within the permit; checked at the gate; handed back and
counted."""
from datetime import UTC, date, datetime, timedelta

from .conftest import field_errors, reason

WORKER = {"name": "王建军", "id_number": "110101199001011234", "photo_ref": "photo-1", "trade": "木工"}


def test_passes_are_issued_per_worker_within_the_permit_masked_and_counted(client, db, flow, permitted):
    application = permitted()
    cs, label = flow.people["cs"], application["permit"]["label"]
    url = f"/applications/{application['id']}/passes"
    issued = [client.post(url, headers=cs, json={"worker": {**WORKER, "name": f"工人{n}", "photo_ref": f"p{n}"}})
              for n in range(3)]
    assert [r.status_code for r in issued] == [201, 201, 201]
    first = issued[0].get_json()
    assert [r.get_json()["number"] for r in issued] == [f"{label}-W01", f"{label}-W02", f"{label}-W03"]
    assert first["worker"]["id_masked"] == "**************1234"
    assert (first["valid_from"], first["valid_until"]) == (application["planned_start"], application["planned_end"])
    # The full ID number is nowhere in the database (nor in the audit trail).
    assert "110101199001011234" not in str([list(db[name].find({})) for name in db.list_collection_names()])
    # Three workers' pass fees were paid: a fourth pass is refused.
    fourth = client.post(url, headers=cs, json={"worker": WORKER})
    assert reason(fourth) == "passes_beyond_paid" and fourth.get_json()["paid_for"] == 3
    listed = client.get(url, headers=cs).get_json()
    assert listed["total"] == 3 and listed["items"][0]["worker"]["name"] == "工**"
    assert listed["counts"] == {"active": 3, "returned": 0, "revoked": 0}

    returned = client.post(f"/passes/{first['id']}/return", headers=cs, json={"note": "完工交回"})
    assert returned.status_code == 200 and returned.get_json()["status"] == "returned"
    assert reason(client.post(f"/passes/{first['id']}/return", headers=cs, json={})) == "already_returned"
    assert client.get(url, headers=cs).get_json()["counts"] == {"active": 2, "returned": 1, "revoked": 0}


def _at(day: str, hh_mm: str) -> str:
    local = datetime.fromisoformat(f"{day}T{hh_mm}:00+08:00")
    return local.astimezone(UTC).isoformat()


def test_the_gate_is_told_valid_outside_hours_expired_not_yet_and_returned(client, flow, permitted):
    application = permitted()
    cs = flow.people["cs"]
    worker_pass = client.post(f"/applications/{application['id']}/passes", headers=cs,
                              json={"worker": WORKER}).get_json()
    start, end = application["planned_start"], application["planned_end"]
    after = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
    before = (date.fromisoformat(start) - timedelta(days=1)).isoformat()

    def answer(at):
        response = client.get("/passes/check", headers=cs, query_string={"number": worker_pass["number"], "at": at})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["answer"]

    assert answer(_at(start, "09:30")) == "valid"
    assert answer(_at(start, "19:00")) == "outside_hours"
    assert answer(_at(start, "07:59")) == "outside_hours"
    assert answer(_at(after, "09:30")) == "expired"
    assert answer(_at(before, "09:30")) == "not_yet_valid"
    client.post(f"/passes/{worker_pass['id']}/return", headers=cs, json={})
    assert answer(_at(start, "09:30")) == "returned"
    assert client.get("/passes/check", headers=cs, query_string={"number": "nope"}).status_code == 404


def test_passes_only_for_a_permitted_renovation_within_its_dates(client, flow, permitted, everything):
    approved = flow.approved()
    cs = flow.people["cs"]
    assert reason(client.post(f"/applications/{approved['id']}/passes", headers=cs,
                              json={"worker": WORKER})) == "not_permitted"
    application = permitted(unit_id="1-1-102")
    url = f"/applications/{application['id']}/passes"
    before = everything()
    late = (date.fromisoformat(application["planned_end"]) + timedelta(days=1)).isoformat()
    assert "valid_until" in field_errors(client.post(url, headers=cs, json={"worker": WORKER, "valid_until": late}))
    assert "worker.id_number" in field_errors(client.post(url, headers=cs, json={
        "worker": {**WORKER, "id_number": "12-34"}}))
    assert "worker.photo_ref" in field_errors(client.post(url, headers=cs, json={
        "worker": {k: v for k, v in WORKER.items() if k != "photo_ref"}}))
    assert everything() == before


def test_another_projects_passes_are_not_found(client, flow, permitted, as_):
    application = permitted()
    worker_pass = client.post(f"/applications/{application['id']}/passes", headers=flow.people["cs"],
                              json={"worker": WORKER}).get_json()
    intruder = as_("cs_supervisor", tenant="p2")
    assert client.get(f"/applications/{application['id']}/passes", headers=intruder).status_code == 404
    assert client.post(f"/passes/{worker_pass['id']}/return", headers=intruder, json={}).status_code == 404
    assert client.get("/passes/check", headers=intruder, query_string={"number": worker_pass["number"]}).status_code == 404


def test_every_check_is_logged_and_a_revoked_pass_is_refused(client, db, flow, permitted, as_, everything):
    """Step 1 of issue 16's remainder: the gate's log per permit, and revocation with its reason."""
    application = permitted()
    cs, guard = flow.people["cs"], as_("security", subject="s-guard", scopes=["renovation:read"])
    worker_pass = client.post(f"/applications/{application['id']}/passes", headers=cs,
                              json={"worker": WORKER}).get_json()
    start = application["planned_start"]

    def check(at):
        return client.get("/passes/check", headers=guard, query_string={"number": worker_pass["number"], "at": at})

    assert check(_at(start, "09:30")).get_json()["answer"] == "valid"
    assert check(_at(start, "19:30")).get_json()["answer"] == "outside_hours"
    before = everything()
    assert "reason" in field_errors(client.post(f"/passes/{worker_pass['id']}/revoke", headers=cs, json={}))
    assert "reason" in field_errors(client.post(f"/passes/{worker_pass['id']}/revoke", headers=cs,
                                                json={"reason": ""}))
    assert everything() == before
    revoked = client.post(f"/passes/{worker_pass['id']}/revoke", headers=cs, json={"reason": "违规动火"})
    assert revoked.status_code == 200, revoked.get_json()
    assert (revoked.get_json()["status"], revoked.get_json()["revoke_reason"]) == ("revoked", "违规动火")
    assert reason(client.post(f"/passes/{worker_pass['id']}/revoke", headers=cs,
                              json={"reason": "again"})) == "already_revoked"
    assert check(_at(start, "09:30")).get_json()["answer"] == "revoked"

    log = client.get(f"/applications/{application['id']}/gate-entries", headers=guard)
    assert log.status_code == 200, log.get_json()
    entries = log.get_json()
    assert entries["total"] == 3
    assert [e["answer"] for e in entries["items"]] == ["revoked", "outside_hours", "valid"]
    assert [e["allowed"] for e in entries["items"]] == [False, False, True]
    assert len({e["checked_by"] for e in entries["items"]}) == 1 and "s-guard" in entries["items"][0]["checked_by"]
    only_valid = client.get(f"/applications/{application['id']}/gate-entries", headers=guard,
                            query_string={"answer": "valid"}).get_json()
    assert only_valid["total"] == 1 and only_valid["items"][0]["number"] == worker_pass["number"]
    assert "answer" in field_errors(client.get(f"/applications/{application['id']}/gate-entries", headers=guard,
                                               query_string={"answer": "maybe"}))
    # A returned pass cannot be revoked; another project's log is not found.
    second = client.post(f"/applications/{application['id']}/passes", headers=cs,
                         json={"worker": {**WORKER, "name": "李四"}}).get_json()
    client.post(f"/passes/{second['id']}/return", headers=cs, json={})
    assert reason(client.post(f"/passes/{second['id']}/revoke", headers=cs, json={"reason": "x"})) == "already_returned"
    intruder = as_("cs_supervisor", tenant="p2")
    assert client.get(f"/applications/{application['id']}/gate-entries", headers=intruder).status_code == 404
    assert client.post(f"/passes/{worker_pass['id']}/revoke", headers=intruder, json={"reason": "x"}).status_code == 404
