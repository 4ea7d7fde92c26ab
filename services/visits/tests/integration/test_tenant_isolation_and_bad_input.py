"""Every endpoint: another project's token with a real id answers exactly like a missing id (or an empty
list), and malformed input is refused with 422 naming the field and writes nothing."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from kefulib.messaging import Event
from visits.handlers import interviews, return_visits

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOURS = {str(d): [{"start": "09:00", "end": "17:00"}] for d in range(7)}
MISSING = "does-not-exist"


@pytest.fixture
def world(client, db, auth, kit):
    """One of everything in project p1."""
    headers = auth("p1", roles=["project_manager"])
    now = datetime.now(UTC)
    client.post("/host-calls", json={"visitor_name": "W", "document_type": "id_card", "document_number": kit.ALICE,
                                     "unit_id": "1-1-101", "given": True}, headers=headers)
    visitor = client.post("/visitors/check-in", json={"visitor_name": "W", "document_type": "id_card",
                                                      "document_number": kit.ALICE, "unit_id": "1-1-101"},
                          headers=headers).get_json()
    pre = client.post("/pre-registrations", json={"unit_id": "2-2-202", "valid_from": now.isoformat(),
                                                  "valid_until": (now + timedelta(hours=2)).isoformat()},
                      headers=headers).get_json()
    watch = client.post("/watch-list", json={"document_type": "id_card", "document_number": kit.BOB, "reason": "x"},
                        headers=headers).get_json()
    return_visits.schedule_from_event(db, Event("ticketing.repair.completed", "p1", {
        "ticket_id": "t-1", "unit_id": "1-1-101", "completed_at": now.isoformat(), "round": 1}), None)
    interviews.on_customer_classified(db, Event("identity.customer.classified", "p1", {
        "customer_id": "c-1", "unit_id": "1-1-101", "classes": ["owners_committee"], "tenure_band": "new"}), None)
    visit = client.get("/return-visits", headers=headers).get_json()["items"][0]
    interview = client.post("/interviews", json={"unit_id": "1-1-101"}, headers=headers).get_json()
    client.put("/interview-plans/yearly/2027", json={"items": []}, headers=headers)
    month = interview["month"]
    client.put(f"/interview-plans/monthly/{month}", json={"interviews": []}, headers=headers)
    client.post("/interview-reports", json={"month": "2025-01", "summary": "s"}, headers=headers)
    resource = client.post("/bookable-resources", json={"name": "Hall", "weekly_hours": HOURS, "slot_minutes": 60},
                           headers=headers).get_json()
    tomorrow = (datetime.now(SHANGHAI) + timedelta(days=1)).date()
    start = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=SHANGHAI).isoformat()
    booking = client.post("/bookings", json={"resource_id": resource["id"], "start": start, "unit_id": "1"},
                          headers=headers).get_json()
    client.patch("/settings", json={"household_sample_ratio": "0.5"}, headers=headers)
    return {"visitor": visitor["id"], "pre": pre["id"], "watch": watch["id"], "visit": visit["id"],
            "interview": interview["id"], "year": "2027", "month": month, "report": "2025-01",
            "resource": resource["id"], "booking": booking["id"], "start": start, "day": tomorrow.isoformat()}


DOC = {"document_type": "id_card", "document_number": "11010519491231002X"}
PROBES = [
    ("GET", "/visitors/{visitor}", None),
    ("POST", "/visitors/{visitor}/check-out", {}),
    ("GET", "/pre-registrations/{pre}", None),
    ("POST", "/pre-registrations/{pre}/cancel", None),
    ("POST", "/pre-registrations/{pre}/check-in", {**DOC, "visitor_name": "W"}),
    ("DELETE", "/watch-list/{watch}", None),
    ("GET", "/return-visits/{visit}", None),
    ("POST", "/return-visits/{visit}/assign", {"assignee": "x"}),
    ("POST", "/return-visits/{visit}/complete", {"method": "phone", "satisfaction": 3, "problem_came_back": False}),
    ("POST", "/return-visits/{visit}/cancel", {"reason": "x"}),
    ("GET", "/interviews/{interview}", None),
    ("POST", "/interviews/{interview}/measures", {"measure_status": "done"}),
    ("GET", "/interview-plans/yearly/{year}", None),
    ("GET", "/interview-plans/monthly/{month}", None),
    ("GET", "/interview-reports/{report}", None),
    ("GET", "/bookable-resources/{resource}", None),
    ("GET", "/bookable-resources/{resource}/slots?date={day}", None),
    ("POST", "/bookings", {"resource_id": "{resource}", "start": "{start}", "unit_id": "1"}),
    ("GET", "/bookings/{booking}", None),
    ("POST", "/bookings/{booking}/cancel", {}),
]


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("method, path, body", PROBES, ids=[f"{m} {p}" for m, p, _ in PROBES])
def test_another_projects_id_answers_exactly_like_a_missing_one(client, db, auth, kit, world, method, path, body):
    other = auth("p2", roles=["project_manager", "security_supervisor"])
    before = kit.counts(db)
    missing_ids = {key: (value if key in ("start", "day") else MISSING) for key, value in world.items()}
    if "{year}" in path or "{report}" in path or "{month}" in path:
        missing_ids.update(year="2099", report="2099-01", month="2099-01")
    foreign = client.open(method, _fill(path, world), json=_fill(body, world), headers=other)
    missing = client.open(method, _fill(path, missing_ids), json=_fill(body, missing_ids), headers=other)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.get_json() == missing.get_json()
    assert kit.counts(db) == before


LISTS = ["/visitors", "/visitors?on_site=true", "/pre-registrations", "/watch-list", "/return-visits",
         "/return-visits?overdue=true", "/return-visits?ticket_id=t-1", "/key-customers", "/interviews",
         "/interview-reports", "/bookable-resources", "/bookings"]


@pytest.mark.parametrize("path", LISTS)
def test_another_projects_lists_are_empty(client, auth, world, path):
    assert client.get(path, headers=auth("p1")).get_json()["total"] >= (0 if "overdue" in path else 1)
    body = client.get(path, headers=auth("p2")).get_json()
    assert body["items"] == [] and body["total"] == 0


def test_another_projects_reports_settings_and_log_show_nothing_of_the_first(client, auth, world):
    other = auth("p2")
    month = world["month"]
    targets = client.get(f"/interview-plans/monthly/{month}/targets", headers=other).get_json()
    assert targets["key_customers"] == [] and targets["sampled_units"] == []
    assert client.get(f"/interview-quotas/{month}", headers=other).get_json()["items"] == []
    late = client.get("/interviews/late?month=2025-01", headers=other).get_json()["items"]
    assert [i["kind"] for i in late] == ["report_late"]  # p2's own missing report; p1's is submitted
    assert client.get("/settings", headers=other).get_json()["household_sample_ratio"] == "0.1"
    log = client.get("/visitors/log.csv", headers=auth("p2", roles=("security_supervisor",))).get_data(as_text=True)
    assert len(log.strip().splitlines()) == 1


BAD = [
    ("POST", "/visitors/check-in", {"document_type": "id_card", "document_number": "1", "unit_id": "1"}, "visitor_name"),
    ("POST", "/visitors/check-in", {**DOC, "visitor_name": "W", "unit_id": "1", "document_type": "library"},
     "document_type"),
    ("POST", "/visitors/check-in", {**DOC, "visitor_name": "W", "unit_id": "1", "document_number": "12345"},
     "document_number"),
    ("POST", "/visitors/{visitor}/check-out", {"at": "yesterday"}, "at"),
    ("POST", "/host-calls", {**DOC, "visitor_name": "W", "unit_id": "1", "given": "maybe"}, "given"),
    ("POST", "/pre-registrations", {"unit_id": "1", "valid_from": "2026-01-02T00:00:00+00:00",
                                    "valid_until": "2026-01-01T00:00:00+00:00"}, "valid_until"),
    ("POST", "/pre-registrations", {"unit_id": "1", "valid_from": "2026-01-01T00:00:00",
                                    "valid_until": "2026-01-02T00:00:00+00:00"}, "valid_from"),
    ("POST", "/pre-registrations/{pre}/check-in", {"document_type": "id_card"}, "document_number"),
    ("POST", "/watch-list", {**DOC, "reason": ""}, "reason"),
    ("POST", "/return-visits/{visit}/assign", {"assignee": ""}, "assignee"),
    ("POST", "/return-visits/{visit}/complete", {"method": "phone", "satisfaction": 6, "problem_came_back": False},
     "satisfaction"),
    ("POST", "/return-visits/{visit}/complete", {"method": "fax", "satisfaction": 3, "problem_came_back": False},
     "method"),
    ("POST", "/return-visits/{visit}/cancel", {}, "reason"),
    ("PATCH", "/settings", {"household_sample_ratio": "1.5"}, "household_sample_ratio"),
    ("PATCH", "/settings", {"timezone": "Mars/Olympus"}, "timezone"),
    ("PUT", "/interview-plans/yearly/2028", {"items": [{"month": 13, "responsible_role": "pm", "scope": "s",
                                                        "content": "c"}]}, "items.0.month"),
    ("PUT", "/interview-plans/monthly/2026-13", {"interviews": []}, "month"),
    ("POST", "/interviews", {"unit_id": "1", "satisfaction": 0}, "satisfaction"),
    ("POST", "/interviews", {"unit_id": "1", "measure_status": "forgotten"}, "measure_status"),
    ("POST", "/interviews/{interview}/measures", {}, "measure_status"),
    ("POST", "/interview-reports", {"month": "May", "summary": "s"}, "month"),
    ("POST", "/bookable-resources", {"name": "R", "weekly_hours": {"7": []}}, "weekly_hours"),
    ("POST", "/bookable-resources", {"name": "R", "weekly_hours": {"0": [{"start": "10:00", "end": "09:00"}]}},
     "weekly_hours.0.value.0.end"),
    ("POST", "/bookable-resources", {"name": "R", "weekly_hours": {}, "timezone": "Nowhere/City"}, "timezone"),
    ("POST", "/bookings", {"resource_id": "{resource}", "start": "2030-01-01T10:00:00", "unit_id": "1"}, "start"),
    ("POST", "/bookings", {"resource_id": "{resource}", "start": "{start}"}, "unit_id"),
    ("POST", "/bookings/{booking}/cancel", {"reason": "x" * 501}, "reason"),
]


@pytest.mark.parametrize("method, path, body, field", BAD, ids=[f"{m} {p} {f}" for m, p, _, f in BAD])
def test_malformed_input_is_refused_naming_the_field_and_writes_nothing(client, db, auth, kit, world, method, path,
                                                                        body, field):
    headers = auth("p1", roles=["project_manager"])
    before = kit.counts(db)
    snapshot = {name: list(db[name].find()) for name in db.list_collection_names()}
    response = client.open(method, _fill(path, world), json=_fill(body, world), headers=headers)
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]
    assert any(key == field or key.startswith(field) for key in errors), errors
    assert kit.counts(db) == before
    assert {name: list(db[name].find()) for name in db.list_collection_names()} == snapshot


BAD_QUERIES = ["/visitors?on_site=maybe", "/visitors?date=yesterday", "/pre-registrations?valid_now=perhaps",
               "/return-visits?page=0", "/interviews?month=2026-1", "/interviews/late?month=2026-13",
               "/bookable-resources/{resource}/slots", "/bookings?status=lost", "/visitors/log.csv?date=x",
               "/watch-list?page_size=500", "/key-customers?page=x", "/interview-reports?page_size=0",
               "/bookable-resources?page=-1"]


@pytest.mark.parametrize("path", BAD_QUERIES)
def test_malformed_query_parameters_are_refused_naming_the_parameter(client, auth, world, path):
    # The register's CSV is the security supervisor's; the other reads take any role.
    response = client.get(_fill(path, world), headers=auth(roles=("security_supervisor",)))
    assert response.status_code == 422
    assert response.get_json()["errors"]


def test_requests_without_a_token_or_the_write_scope_are_refused(client, auth):
    assert client.get("/visitors").status_code == 401
    assert client.post("/bookings", json={}, headers=auth(scopes=["visits:read"])).status_code == 403
    assert client.get("/return-visits", headers=auth(scopes=["visits:write"])).status_code == 403


def test_the_openapi_document_describes_every_endpoint(app):
    spec = app.test_client().get("/openapi.json").get_json()  # names input fields such as document_number
    for path in ("/visitors/check-in", "/watch-list/{entry_id}", "/return-visits/{visit_id}/complete",
                 "/interviews/late", "/bookings", "/bookable-resources/{resource_id}/slots"):
        assert path in spec["paths"]
