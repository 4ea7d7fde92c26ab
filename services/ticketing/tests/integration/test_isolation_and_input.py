"""For every endpoint: another project's token with a real id answers exactly like a missing id
(or an empty list), and malformed input is a 422 naming the field that writes nothing (X-1, X-4)."""
import pytest


@pytest.fixture
def ids(desk):
    """Real objects of project p1: a ticket of each shape, a non-conformance record, a hand-over."""
    complaint = desk.create(kind="complaint")["id"]
    desk.post(f"/tickets/{complaint}/complaint/analysis", {"cause": "staff_error", "outcome": "non_conformance"},
              method="put")
    record = desk.post(f"/tickets/{complaint}/complaint/non-conformance", {
        "corrective_action": "retrain", "corrective_deadline": "2026-12-05T10:00:00+00:00"}, expect=201)["id"]
    desk.post("/duty-log", {"text": "night", "matter": "m1"}, expect=201)
    handover = desk.post("/handovers", {"incoming": "cs-2"}, expect=201)["id"]
    ticket = desk.create(kind="repair")["id"]
    photo = desk.client.post(f"/tickets/{ticket}/attachments?kind=photo", data=b"\xff\xd8\xff\xe0" + b"\x00" * 32,
                             headers={**desk.headers, "Content-Type": "image/jpeg"})
    assert photo.status_code == 201, photo.get_json()
    return {"ticket": ticket, "complaint": complaint,
            "matter": desk.create(kind="community_matter", subtype="noise")["id"], "record": record,
            "handover": handover, "attachment": photo.get_json()["id"]}


# (method, path with {ticket}/{complaint}/{matter}/{record}/{handover}, a valid body)
BY_ID = [
    ("get", "/tickets/{ticket}", None),
    ("get", "/tickets/{ticket}/history", None),
    ("post", "/tickets/{ticket}/actions/dispatch", {"department": "eng", "assignee": "t1"}),
    ("post", "/tickets/{ticket}/reclassify", {"category": "urgent"}),
    ("put", "/tickets/{complaint}/complaint/analysis", {"cause": "staff_error", "outcome": "explanation_suffices"}),
    ("post", "/tickets/{complaint}/complaint/non-conformance",
     {"corrective_action": "x", "corrective_deadline": "2026-12-05T10:00:00+00:00"}),
    ("get", "/non-conformance/{record}", None),
    ("post", "/non-conformance/{record}/approve", None),
    ("post", "/non-conformance/{record}/correction", {"note": "done"}),
    ("post", "/non-conformance/{record}/close", {"result": "done"}),
    ("post", "/non-conformance/{record}/capa-report", {"corrective": "a", "preventive": "b"}),
    ("post", "/tickets/{matter}/dispute", {"parties": ["a", "b"]}),
    ("post", "/tickets/{matter}/dispute/steps", {"description": "x", "participants": ["police"]}),
    ("post", "/tickets/{matter}/dispute/settlement", {"settlement": "x"}),
    ("post", "/tickets/{matter}/clutter", {"location": "B2"}),
    ("post", "/tickets/{matter}/clutter/notices", {}),
    ("post", "/tickets/{matter}/clutter/removal", {"storage_number": "S-1"}),
    ("post", "/tickets/{matter}/clutter/release", {"owner_signature": "Owner"}),
    ("get", "/handovers/{handover}", None),
    ("post", "/handovers/{handover}/signature", {}),
]
LISTS = ["/tickets", "/non-conformance", "/duty-log", "/handovers"]


def _missing(path):
    return path.format(ticket="nope", complaint="nope", matter="nope", record="nope", handover="nope")


@pytest.mark.parametrize("method, path, body", BY_ID, ids=[f"{m} {p}" for m, p, _ in BY_ID])
def test_another_projects_object_answers_exactly_like_a_missing_one(client, as_, ids, everything, method, path, body):
    other = as_("p2", "cs-2", "project_manager", "hq_management_representative")
    before = everything()
    call = getattr(client, method)
    kwargs = {"json": body} if body is not None else {}
    foreign = call(path.format(**ids), headers=other, **kwargs)
    missing = call(_missing(path), headers=other, **kwargs)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.get_json() == missing.get_json()
    assert everything() == before


def test_a_project_token_cannot_reach_another_project_through_the_hq_project_parameter(client, as_, ids):
    response = client.get(f"/non-conformance/{ids['record']}?project=p1", headers=as_("p2", "x", "project_manager"))
    assert response.status_code == 404


@pytest.mark.parametrize("path", LISTS)
def test_another_projects_lists_are_empty(client, as_, ids, path):
    page = client.get(path, headers=as_("p2")).get_json()
    assert page["items"] == [] and page["total"] == 0


def test_another_projects_report_and_settings_show_none_of_this_projects_data(client, as_, ids, desk):
    desk.post("/settings/sla", {"rules": {"clutter_notices": 2}}, method="put")
    month = desk.get(f"/tickets/{ids['ticket']}")["created_at"][:7]
    assert client.get(f"/reports/monthly?month={month}", headers=as_("p2")).get_json()["kinds"] == []
    assert client.get("/settings/sla", headers=as_("p2")).get_json()["updated_by"] is None


BAD = [
    ("post", "/tickets", {"kind": "inquiry", "title": "x", "category": "urgent"}, "category"),
    ("post", "/tickets", {"kind": "repair", "title": "x", "paid_repair": "maybe"}, "paid_repair"),
    ("post", "/tickets/{ticket}/actions/teleport", {}, "action"),
    ("post", "/tickets/{ticket}/actions/dispatch", {"department": "eng"}, "assignee"),
    ("post", "/tickets/{ticket}/actions/dispatch", {"department": "eng", "assignee": "t", "appointment_at": "soon"},
     "appointment_at"),
    # Ticketing takes no prices: the catalogue and quotes are billing's (BL-1/BL-2).
    ("post", "/tickets/{ticket}/actions/start_work", {"price_fen": 100}, "price_fen"),
    ("post", "/tickets/{ticket}/actions/send_quote", {}, "action"),
    ("post", "/tickets/{ticket}/actions/respond", {"note": "x", "colour": "red"}, "colour"),
    ("post", "/tickets/{ticket}/reclassify", {"category": "whenever"}, "category"),
    ("put", "/tickets/{complaint}/complaint/analysis", {"cause": "fate", "outcome": "non_conformance"}, "cause"),
    ("put", "/tickets/{complaint}/complaint/analysis", {"cause": "staff_error", "outcome": "non_conformance",
                                                         "loss_fen": 1.5}, "loss_fen"),
    ("post", "/tickets/{complaint}/complaint/non-conformance", {"corrective_action": "x",
                                                                 "corrective_deadline": "2026-12-05T10:00:00"},
     "corrective_deadline"),
    ("post", "/non-conformance/{record}/approve?project=", None, "project"),
    ("post", "/non-conformance/{record}/correction", {}, "note"),
    ("post", "/non-conformance/{record}/close", {"result": ""}, "result"),
    ("post", "/non-conformance/{record}/capa-report", {"corrective": "a"}, "preventive"),
    ("post", "/tickets/{matter}/dispute", {"parties": ["only-one"]}, "parties"),
    ("post", "/tickets/{matter}/dispute/steps", {"description": "x", "participants": ["mayor"]}, "participants.0"),
    ("post", "/tickets/{matter}/dispute/settlement", {}, "settlement"),
    ("post", "/tickets/{matter}/clutter", {"location": ""}, "location"),
    ("post", "/tickets/{matter}/clutter/notices", {"when": "now"}, "when"),
    ("post", "/tickets/{matter}/clutter/removal", {}, "storage_number"),
    ("post", "/tickets/{matter}/clutter/release", {}, "owner_signature"),
    ("post", "/duty-log", {"text": "x", "closes_matter": True}, "matter"),
    ("post", "/handovers", {}, "incoming"),
    ("post", "/handovers", {"incoming": "cs-1"}, "incoming"),
    ("post", "/handovers/{handover}/signature", {"as": "someone"}, "as"),
    ("put", "/settings/sla", {"calendar": {"weekly_hours": [[]]}}, "calendar.weekly_hours"),
    ("put", "/settings/sla", {"calendar": {"timezone": "Mars/Olympus", "weekly_hours": [[{"start": "08:00",
                                                                                          "end": "17:00"}]] * 7}},
     "calendar.timezone"),
    ("put", "/settings/sla", {"rules": {"warranty_months": -1}}, "rules.warranty_months"),
    ("get", "/tickets?status=", None, "status"),
    ("get", "/non-conformance?status=lost", None, "status"),
    ("get", "/duty-log?page=0", None, "page"),
    ("get", "/handovers?page_size=500", None, "page_size"),
    ("get", "/reports/monthly", None, "month"),
    ("get", "/hq/reports/monthly?month=May", None, "month"),
]


@pytest.mark.parametrize("method, path, body, field", BAD, ids=[f"{m} {p} {f}" for m, p, _, f in BAD])
def test_malformed_input_is_refused_naming_the_field_and_writes_nothing(client, desk, ids, everything, as_,
                                                                        method, path, body, field):
    headers = as_("p1", "cs-1", "project_manager", hq=path.startswith("/hq"))
    before = everything()
    kwargs = {"json": body} if body is not None else {}
    response = getattr(client, method)(path.format(**ids), headers=headers, **kwargs)
    assert response.status_code == 422, response.get_json()
    assert response.headers["Content-Type"] == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert everything() == before
