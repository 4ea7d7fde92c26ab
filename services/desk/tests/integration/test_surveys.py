"""Satisfaction survey campaigns over REST and the real broker: a sample drawn per building from the units identity
announced, desk.survey.sampled with unit ids only, one answer per household (link or desk, the other refused),
and the month's results for the project and for HQ."""
from datetime import UTC, datetime

from kefulib.messaging import Event

from .conftest import field_errors, reason, unit_created

TOWER = [f"1-{floor}-{room}" for floor in range(1, 6) for room in ("101", "102")]   # 10 units
SMALL = ["2-1-101", "2-1-102", "2-1-103"]
ALL_FIVES = {"customer_service": 5, "maintenance": 4, "cleaning": 5}
CAMPAIGN = {"name": "2026年12月顾客满意度调查", "period": "2026-12", "sample_ratio": "0.2",
            "categories": ["customer_service", "maintenance", "cleaning"]}


def manager(as_, tenant="p1"):
    return as_(tenant, f"s-pm-{tenant}", "project_manager")


def campaign(client, headers, **overrides):
    response = client.post("/survey-campaigns", headers=headers, json={**CAMPAIGN, **overrides})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def sampled_units(client, headers, campaign_id):
    page = client.get(f"/survey-campaigns/{campaign_id}/households", headers=headers).get_json()
    return [h["unit_id"] for h in page["items"]]


def answer(client, headers, campaign_id, unit_id, ratings=ALL_FIVES, **extra):
    return client.post(f"/survey-campaigns/{campaign_id}/answers", headers=headers,
                       json={"unit_id": unit_id, "ratings": ratings, **extra})


def link_answer(campaign_id, unit_id, scores, tenant="p1"):
    return Event("notifications.campaign_survey.answered", tenant, actor="customer", data={
        "survey_id": f"sv-{unit_id}", "campaign_id": campaign_id, "unit_id": unit_id,
        "ratings": [{"category": c, "score": s} for c, s in scores.items()], "comment": "保洁很好",
        "answered_at": datetime.now(UTC).isoformat()})


def test_a_campaign_samples_each_building_and_announces_unit_ids_only(client, as_, publish, published):
    publish(*[unit_created(u) for u in TOWER + SMALL])
    made = campaign(client, manager(as_))
    assert made["households_known"] == 13 and made["sampled"] == 3 and made["answered"] == 0 and made["open"]
    units = sampled_units(client, manager(as_), made["id"])
    assert len([u for u in units if u.startswith("1-")]) == 2 and len([u for u in units if u.startswith("2-")]) == 1

    (event,) = [e for e in published() if e["type"] == "desk.survey.sampled"]
    assert event["data"]["unit_ids"] == units and event["data"]["categories"] == CAMPAIGN["categories"]
    assert event["data"]["batch"] == event["data"]["batches"] == 1
    assert set(event["data"]) == {"campaign_id", "name", "period", "categories", "closes_at", "unit_ids", "batch",
                                  "batches"}


def test_two_campaigns_of_a_month_draw_their_own_samples_and_a_re_read_gives_the_same(client, as_, publish):
    publish(*[unit_created(u) for u in TOWER])
    first = campaign(client, manager(as_), sample_ratio="0.5")
    assert sampled_units(client, manager(as_), first["id"]) == sampled_units(client, manager(as_), first["id"])
    assert len(sampled_units(client, manager(as_), first["id"])) == 5


def test_one_answer_per_household_whether_at_the_desk_or_by_link(client, as_, desk, publish, db):
    publish(*[unit_created(u) for u in SMALL])
    made = campaign(client, manager(as_), sample_ratio="1")
    by_desk, by_link, _ = sampled_units(client, desk, made["id"])

    entered = answer(client, desk, made["id"], by_desk, comment="纸质问卷")
    assert entered.status_code == 201 and entered.get_json()["channel"] == "desk"
    assert reason(answer(client, desk, made["id"], by_desk)) == "already_answered"

    publish(link_answer(made["id"], by_link, {"customer_service": 2, "maintenance": 3, "cleaning": 5}))
    household = db.survey_households.find_one({"unit_id": by_link})
    assert household["channel"] == "link" and household["entered_by"] == "customer"
    assert reason(answer(client, desk, made["id"], by_link)) == "already_answered"
    # A second link answer (another survey id) changes nothing: the first answer stands.
    publish(link_answer(made["id"], by_link, {"customer_service": 5, "maintenance": 5, "cleaning": 5}))
    assert db.survey_households.find_one({"unit_id": by_link})["ratings"][0] == {"category": "customer_service",
                                                                                 "score": 2}

    assert reason(answer(client, desk, made["id"], "9-9-999")) == "not_sampled"
    assert client.get(f"/survey-campaigns/{made['id']}", headers=desk).get_json()["answered"] == 2


def test_a_bad_answer_names_the_field_and_writes_nothing(client, as_, desk, publish, everything):
    publish(*[unit_created(u) for u in SMALL])
    made = campaign(client, manager(as_), sample_ratio="1")
    unit = sampled_units(client, desk, made["id"])[0]
    before = everything()
    assert field_errors(answer(client, desk, made["id"], unit, {"customer_service": 5})) == {"ratings"}
    assert field_errors(answer(client, desk, made["id"], unit, {**ALL_FIVES, "parking": 3})) == {"ratings"}
    assert field_errors(answer(client, desk, made["id"], unit, {**ALL_FIVES, "cleaning": 6})) == {"ratings.cleaning"}
    assert field_errors(client.post(f"/survey-campaigns/{made['id']}/answers", headers=desk, json={
        "ratings": ALL_FIVES})) == {"unit_id"}
    assert everything() == before


def test_a_bad_campaign_names_the_field_and_one_without_units_is_refused(client, as_, everything):
    before = everything()
    for body, bad in [({"sample_ratio": "1.5"}, "sample_ratio"), ({"sample_ratio": "0"}, "sample_ratio"),
                      ({"period": "2026-13"}, "period"), ({"categories": ["weather"]}, "categories"),
                      ({"categories": ["parking", "parking"]}, "categories")]:
        named = field_errors(client.post("/survey-campaigns", headers=manager(as_), json={**CAMPAIGN, **body}))
        assert {name.split(".")[0] for name in named} == {bad}
    assert reason(client.post("/survey-campaigns", headers=manager(as_), json=CAMPAIGN)) == "no_households"
    assert everything() == before


def test_a_clerk_enters_answers_but_does_not_start_campaigns(client, desk, publish):
    publish(unit_created("1-1-101"))
    assert client.post("/survey-campaigns", headers=desk, json=CAMPAIGN).status_code == 403


def test_the_months_results_by_category_for_the_project_and_hq(client, as_, desk, publish):
    publish(*[unit_created(u) for u in SMALL], *[unit_created(u, "p2") for u in SMALL])
    ours = campaign(client, manager(as_), sample_ratio="1")
    theirs = campaign(client, manager(as_, "p2"), sample_ratio="1")
    a, b, _ = sampled_units(client, desk, ours["id"])
    assert answer(client, desk, ours["id"], a).status_code == 201
    publish(link_answer(ours["id"], b, {"customer_service": 3, "maintenance": 2, "cleaning": 5}))
    other = as_("p2", "s-desk2")
    assert answer(client, other, theirs["id"], sampled_units(client, other, theirs["id"])[0],
                  {"customer_service": 1, "maintenance": 1, "cleaning": 1}).status_code == 201

    results = client.get("/survey-results", headers=desk, query_string={"period": "2026-12"}).get_json()
    assert (results["sampled"], results["answered"], results["answered_by_link"], results["answered_at_desk"]) == \
        (3, 2, 1, 1)
    assert results["response_rate"] == round(2 / 3, 4) and results["campaigns"] == 1
    by = {c["category"]: c for c in results["categories"]}
    assert by["customer_service"] == {"category": "customer_service", "label": "客户服务", "count": 2, "mean": 4.0,
                                      "distribution": {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}}
    assert by["maintenance"]["mean"] == 3.0 and by["cleaning"]["mean"] == 5.0
    assert client.get("/survey-results", headers=desk, query_string={"period": "2026-11"}).get_json()["sampled"] == 0

    hq = as_("p1", "s-hq", "hq_general_manager", hq=True, scopes=["desk:read"])
    company = client.get("/hq/survey-results", headers=hq, query_string={"period": "2026-12"}).get_json()
    assert [p["project"] for p in company["projects"]] == ["p1", "p2"]
    assert company["company"]["answered"] == 3 and company["company"]["sampled"] == 6
    assert {c["category"]: c["mean"] for c in company["company"]["categories"]}["customer_service"] == 3.0
    only = client.get("/hq/survey-results", headers=hq, query_string={"period": "2026-12", "project": "p2"})
    assert [p["project"] for p in only.get_json()["projects"]] == ["p2"]
    assert client.get("/hq/survey-results", headers=desk, query_string={"period": "2026-12"}).status_code == 403


def test_a_retried_campaign_is_created_once(client, as_, publish, db):
    publish(*[unit_created(u) for u in SMALL])
    headers = {**manager(as_), "Idempotency-Key": "campaign-retry-1"}
    first = client.post("/survey-campaigns", headers=headers, json=CAMPAIGN)
    again = client.post("/survey-campaigns", headers=headers, json=CAMPAIGN)
    assert first.status_code == again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    assert db.survey_campaigns.count_documents({}) == 1 and db.survey_households.count_documents({}) == 1
