"""desk's satisfaction survey campaigns by message, over the real broker, database and the real Aliyun SMS adapter
(to a local server that checks every request): each sampled household gets one survey and one SMS with its link,
to the phone identity's households give (a `HouseholdBook` stands in for identity here; tests/e2e drives the real
one); the page shows the campaign's categories and takes one answer, announced to desk; a desk-entered answer closes
the link (409); an altered link is 404, a closed campaign 410, bad input 422; nothing recorded then."""
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from kefulib.messaging import Event
from kefulib.testing.read_only_probe import database_fingerprint
from notifications.channels.aliyun_sms import AliyunSms
from notifications.config import NotificationsConfig, survey_links
from notifications.domain import sign_link
from notifications.handlers.deliveries import Sender
from notifications.testing.providers import FakeAliyunSms

CATEGORIES = ["customer_service", "cleaning", "parking"]
GOOD = {"rating_customer_service": "5", "rating_cleaning": "4", "rating_parking": "2", "comment": "车位太少"}


class HouseholdBook:
    """What identity's GET /hq/households?unit_id= would answer, per (project, unit)."""

    def __init__(self):
        self.households: dict[tuple[str, str], dict] = {}
        self.purposes: list[str] = []

    def add(self, unit_id, owner_phone=None, resident_phone=None, project="p1"):
        contacts = [{"role": "owner", "name": "业主", "phone": owner_phone}] if owner_phone else []
        contacts += [{"role": "resident", "name": "住户", "phone": resident_phone}] if resident_phone else []
        self.households[(project, unit_id)] = {"unit_id": unit_id, "building": unit_id.split("-")[0],
                                               "contacts": contacts}

    def of_unit(self, project, unit_id, purpose="customer_notice"):
        self.purposes.append(purpose)
        return self.households.get((project, unit_id))


@pytest.fixture
def sms():
    with FakeAliyunSms(sign_names=("物业客服中心",), templates={"SMS_SURVEY": ("sender", "title", "survey_url")}) as fake:
        yield fake


@pytest.fixture
def households():
    book = HouseholdBook()
    book.add("1-1-101", owner_phone="13811110001", resident_phone="13922220001")
    book.add("1-1-102", resident_phone="13922220002")
    book.add("1-1-103")
    return book


@pytest.fixture
def sender(db, sms, households, client, as_):
    response = client.put("/settings/messages", headers=as_("p1", "s-pm1", "project_manager"),
                          # No quiet hours, so that the test does not depend on the hour it runs at.
                          json={"channels": ["sms"], "quiet_hours": {"start": "00:00", "end": "00:00"},
                                "provider_templates": {"sms": {
                              "satisfaction_survey": "SMS_SURVEY"}}})
    assert response.status_code == 200, response.get_json()
    channels = {"sms": AliyunSms(sms.access_key_id, sms.access_key_secret, "物业客服中心", sms.url)}
    return Sender(db, NotificationsConfig(), channels, contacts=None, households=households)


def sampled(units=("1-1-101", "1-1-102", "1-1-103"), campaign_id="c-1", closes_at=None, tenant="p1"):
    closes_at = closes_at or datetime.now(UTC) + timedelta(days=14)
    return Event("desk.survey.sampled", tenant, actor="s-pm1", data={
        "campaign_id": campaign_id, "name": "2026年12月顾客满意度调查", "period": "2026-12", "categories": CATEGORIES,
        "closes_at": closes_at.isoformat(), "unit_ids": list(units), "batch": 1, "batches": 1})


def desk_answered(unit_id, campaign_id="c-1"):
    return Event("desk.survey.answered", "p1", actor="s-desk1", data={
        "campaign_id": campaign_id, "unit_id": unit_id, "channel": "desk",
        "ratings": [{"category": c, "score": 3} for c in CATEGORIES], "answered_at": datetime.now(UTC).isoformat()})


@pytest.fixture
def links(publish, sender, sms):
    """The path of each household's link, as its SMS carried it."""
    publish(sampled())
    assert sender.run_once() == 3
    return {message.phone: urlsplit(message.params["survey_url"]).path for message in sms.received}


def answers(db):
    return [o["envelope"] for o in db.outbox.find({"routing_key": "notifications.campaign_survey.answered"})]


def test_each_sampled_household_gets_one_survey_and_one_sms_to_its_phone(db, publish, sender, sms, households,
                                                                          client, as_):
    publish(sampled())
    publish(sampled())  # desk's batch announced again under another event id
    assert db.campaign_surveys.count_documents({"tenant_id": "p1"}) == 3
    assert sender.run_once() == 3
    # The owner's phone first, else a resident's; a household without a phone is told nothing and says so.
    assert sorted(m.phone for m in sms.received) == ["13811110001", "13922220002"]
    assert all(m.params["survey_url"].startswith("http://127.0.0.1:8006/q/") for m in sms.received)
    assert set(households.purposes) == {"survey"}
    log = client.get("/deliveries", headers=as_("p1", "s-sup1", "cs_supervisor"),
                     query_string={"topic": "satisfaction_survey"}).get_json()["items"]
    assert sorted(d["status"] for d in log) == ["sent", "sent", "suppressed"]
    assert {d["reason"] for d in log if d["status"] == "suppressed"} == {"no_contact"}


def test_the_page_shows_the_campaigns_categories_with_one_star_button_each(client, links):
    page = client.get(links["13811110001"])
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    assert "2026年12月顾客满意度调查" in text and "客户服务" in text and "保洁" in text and "停车" in text
    assert "绿化" not in text
    assert text.count('type="radio"') == 15 and 'name="rating_parking"' in text


def test_an_answer_is_recorded_once_and_sent_to_desk(client, db, links):
    path = links["13811110001"]
    answered = client.post(path, data=GOOD)
    assert answered.status_code == 200 and "感谢您的评价" in answered.get_data(as_text=True)
    (event,) = answers(db)
    assert event["data"]["unit_id"] == "1-1-101" and event["data"]["campaign_id"] == "c-1"
    assert event["data"]["ratings"] == [{"category": "customer_service", "score": 5},
                                        {"category": "cleaning", "score": 4}, {"category": "parking", "score": 2}]
    assert event["data"]["comment"] == "车位太少" and event["actor"] == "customer"
    assert "13811110001" not in str(event)

    again = client.post(path, data=GOOD)
    assert again.status_code == 409 and "您已参与过本次调查" in again.get_data(as_text=True)
    assert client.get(path).status_code == 409 and len(answers(db)) == 1


def test_an_answer_entered_at_the_desk_closes_the_households_link(client, db, publish, links):
    publish(desk_answered("1-1-102"))
    before = database_fingerprint(db)
    refused = client.post(links["13922220002"], data=GOOD)
    assert refused.status_code == 409 and database_fingerprint(db) == before and answers(db) == []


def test_bad_input_shows_the_form_naming_the_field_and_records_nothing(client, db, links):
    before = database_fingerprint(db)
    page = client.post(links["13811110001"], data={**GOOD, "rating_parking": "6"})
    text = page.get_data(as_text=True)
    assert page.status_code == 422 and "请为「停车」选择 1 到 5 星" in text and 'value="4" checked' in text
    assert client.post(links["13811110001"], data={**GOOD, "comment": "长" * 501}).status_code == 422
    assert database_fingerprint(db) == before


def test_an_altered_link_or_a_return_visit_token_is_not_found(client, db, app, links):
    path = links["13811110001"]
    assert client.get(path[:-1] + ("A" if path[-1] != "A" else "B")).status_code == 404
    survey = db.campaign_surveys.find_one({"unit_id": "1-1-101"})
    # Signed with the return visit's key rather than the campaign's: not one of ours.
    token = sign_link(survey["_id"], survey["closes_at"], survey_links(app.extensions["kefu"].settings).key)
    assert client.get(f"/q/{token}").status_code == 404


def test_a_closed_campaign_sends_nothing_and_its_links_say_so(client, db, publish, sender, sms, links):
    publish(sampled(units=["1-1-101"], campaign_id="c-old", closes_at=datetime.now(UTC) - timedelta(minutes=1)))
    assert db.campaign_surveys.count_documents({"campaign_id": "c-old"}) == 0
    db.campaign_surveys.update_one({"unit_id": "1-1-101", "campaign_id": "c-1"},
                                   {"$set": {"closes_at": datetime.now(UTC) - timedelta(seconds=1)}})
    gone = client.get(links["13811110001"])
    assert gone.status_code == 410 and "本次调查已结束" in gone.get_data(as_text=True)


def test_staff_see_which_households_were_sent_a_link_but_not_the_link(client, links, as_):
    staff = as_("p1", "s-sup1", "cs_supervisor")
    page = client.get("/campaign-surveys", headers=staff, query_string={"campaign_id": "c-1"}).get_json()
    assert [s["unit_id"] for s in page["items"]] == ["1-1-101", "1-1-102", "1-1-103"]
    assert all(path.rsplit("/", 1)[1] not in str(page) for path in links.values())
    one = client.get(f"/campaign-surveys/{page['items'][0]['id']}", headers=staff).get_json()
    assert one["status"] == "open"
    assert client.get(f"/campaign-surveys/{page['items'][0]['id']}",
                      headers=as_("p2", "s-sup2", "cs_supervisor")).status_code == 404
