"""Customer interviews: key customers from identity, plans, targets, records, quotas, reports and what is late."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from kefulib.messaging import Event
from visits.domain import Month, month_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUEUE = "visits.customers"
PM = ["project_manager"]


def classified(customer, unit, classes, tenant="p1", occurred_at=None):
    event = Event("identity.customer.classified", tenant, {"customer_id": customer, "unit_id": unit, "classes": classes,
                                                            "tenure_band": "stable"})
    if occurred_at:
        event = Event(event.type, event.tenant_id, event.data, occurred_at=occurred_at.isoformat())
    return event


def last_month() -> Month:
    return Month.of(month_of(datetime.now(UTC)).first_day - timedelta(days=1))


def test_classified_customers_keep_only_their_key_classes_and_the_newest_classification_wins(client, consumers,
                                                                                             publish, auth):
    now = datetime.now(UTC)
    publish(classified("c-1", "1-1-101", ["owners_committee", "likes_gardening"], occurred_at=now),
            classified("c-2", "1-1-102", ["frequent_complainant"], occurred_at=now),
            classified("c-1", "1-1-101", [], occurred_at=now - timedelta(days=1)))  # older, arrives late
    assert consumers[QUEUE].drain() == 3
    listed = client.get("/key-customers", headers=auth()).get_json()["items"]
    assert listed == [{"customer_id": "c-1", "unit_id": "1-1-101", "classes": ["owners_committee"]},
                      {"customer_id": "c-2", "unit_id": "1-1-102", "classes": ["frequent_complainant"]}]
    publish(classified("c-2", "1-1-102", [], occurred_at=now + timedelta(seconds=1)))
    consumers[QUEUE].drain()
    assert [c["customer_id"] for c in client.get("/key-customers", headers=auth()).get_json()["items"]] == ["c-1"]


def test_the_months_targets_are_every_key_customer_and_a_stable_sample_of_the_other_households(client, consumers,
                                                                                               publish, auth):
    # Units as identity announces them (its schema): 楼-层-房号 with an integer floor.
    publish(classified("c-1", "1-1-00", ["large_customer"]),
            *[Event("identity.unit.created", "p1", {"unit_id": f"1-1-{n:02d}", "building": "1", "floor": 1,
                                                    "room": f"{n:02d}"}) for n in range(21)])
    consumers[QUEUE].drain()
    client.patch("/settings", json={"household_sample_ratio": "0.3"}, headers=auth(roles=PM))
    first = client.get("/interview-plans/monthly/2026-12/targets", headers=auth()).get_json()
    assert [k["customer_id"] for k in first["key_customers"]] == ["c-1"]
    assert len(first["sampled_units"]) == 6 and "1-1-00" not in first["sampled_units"]
    assert first["ordinary_units_known"] == 20
    assert client.get("/interview-plans/monthly/2026-12/targets", headers=auth()).get_json() == first


def test_yearly_and_monthly_plans_are_saved_and_read_back(client, auth):
    yearly = {"items": [{"month": 3, "responsible_role": "project_manager", "scope": "security",
                         "content": "Night patrols"}]}
    assert client.put("/interview-plans/yearly/2027", json=yearly, headers=auth()).status_code == 200
    assert client.get("/interview-plans/yearly/2027", headers=auth()).get_json()["items"] == yearly["items"]
    monthly = {"interviews": [{"interviewer_id": "pm-1", "unit_id": "1-1-101", "planned_on": "2026-12-03",
                               "scope": "repairs", "content": "Lift noise", "customer_id": "c-1"}],
               "staff": {"pm-1": "project_manager"}}
    saved = client.put("/interview-plans/monthly/2026-12", json=monthly, headers=auth())
    assert saved.status_code == 200
    again = client.put("/interview-plans/monthly/2026-12", json={**monthly, "staff": {}}, headers=auth()).get_json()
    assert again["id"] == saved.get_json()["id"] and again["staff"] == {}


def test_a_planned_day_outside_the_month_is_refused_naming_the_field(client, db, auth):
    body = {"interviews": [{"interviewer_id": "pm-1", "unit_id": "1", "planned_on": "2027-01-03"}]}
    response = client.put("/interview-plans/monthly/2026-12", json=body, headers=auth())
    assert response.status_code == 422 and "planned_on" in response.get_json()["errors"]
    assert db.interview_monthly_plans.count_documents({}) == 0


def test_a_project_managers_quota_counts_distinct_households_visited_in_person(client, auth):
    month = last_month()
    at = datetime(month.year, month.month, 10, 2, 0, tzinfo=UTC).isoformat()
    pm = auth(roles=PM, subject="pm-1")
    for unit, method in (("1-1-101", "in_person"), ("1-1-101", "in_person"), ("1-1-102", "phone")):
        recorded = client.post("/interviews", json={"unit_id": unit, "interviewed_at": at, "method": method,
                                                    "needs": "Quieter lift", "satisfaction": 4}, headers=pm)
        assert recorded.status_code == 201 and recorded.get_json()["interviewer_role"] == "project_manager"
    quotas = client.get(f"/interview-quotas/{month}", headers=auth()).get_json()["items"]
    assert quotas == [{"person_id": "pm-1", "role": "project_manager", "done": 1, "required": 2, "short": 1}]


def test_what_is_late_lists_missed_key_customers_quota_shortfalls_and_the_missing_report(client, consumers, publish,
                                                                                         auth):
    month = last_month()
    publish(classified("c-1", "1-1-101", ["government_or_media"]), classified("c-2", "1-1-102", ["group_employee"]))
    consumers[QUEUE].drain()
    at = datetime(month.year, month.month, 12, 2, 0, tzinfo=UTC).isoformat()
    client.post("/interviews", json={"unit_id": "1-1-101", "customer_id": "c-1", "interviewed_at": at},
                headers=auth(roles=PM, subject="pm-1"))
    late = client.get(f"/interviews/late?month={month}", headers=auth()).get_json()
    kinds = sorted((i["kind"], i["subject_id"]) for i in late["items"])
    expected = [("key_customer_not_visited", "c-2"), ("quota_short", "pm-1")]
    if datetime.now(SHANGHAI).date().isoformat() > late["report_due_on"]:
        expected.append(("report_late", str(month)))
    assert kinds == sorted(expected)
    assert client.get("/interviews/late", headers=auth()).get_json()["month"] == str(month)


def test_the_analysis_report_is_submitted_once_for_a_finished_month(client, auth):
    month = last_month()
    at = datetime(month.year, month.month, 10, 2, 0, tzinfo=UTC).isoformat()
    client.post("/interviews", json={"unit_id": "1", "interviewed_at": at, "satisfaction": 3,
                                     "measure_status": "open"}, headers=auth())
    report = client.post("/interview-reports", json={"month": str(month), "summary": "Lift noise is the top issue"},
                         headers=auth(subject="cs-lead"))
    assert report.status_code == 201
    body = report.get_json()
    assert (body["interviews"], body["average_satisfaction"], body["open_measures"]) == (1, 3.0, 1)
    assert body["due_on"] == f"{month.next()}-05"
    again = client.post("/interview-reports", json={"month": str(month), "summary": "again"}, headers=auth())
    assert again.status_code == 409 and again.get_json()["reason_code"] == "already_submitted"
    current = month.next()
    early = client.post("/interview-reports", json={"month": str(current), "summary": "x"}, headers=auth())
    assert early.status_code == 409 and early.get_json()["reason_code"] == "month_not_over"
    late_items = client.get(f"/interviews/late?month={month}", headers=auth()).get_json()["items"]
    assert [i["kind"] for i in late_items if i["kind"] == "report_late"] == (["report_late"] if body["late"] else [])


def test_a_report_for_a_month_long_past_is_marked_late(client, auth):
    body = client.post("/interview-reports", json={"month": "2025-01", "summary": "late"}, headers=auth()).get_json()
    assert body["late"] is True and body["interviews"] == 0


def test_the_measures_promised_in_an_interview_are_followed_up(client, auth):
    record = client.post("/interviews", json={"unit_id": "1", "measures": "Fix the gate", "measure_status": "open"},
                         headers=auth()).get_json()
    updated = client.post(f"/interviews/{record['id']}/measures", json={"measure_status": "done"}, headers=auth())
    assert updated.status_code == 200 and updated.get_json()["measure_status"] == "done"
    assert client.get(f"/interviews?month={record['month']}", headers=auth()).get_json()["total"] == 1
