"""Over the real broker and database: a scheduled return visit gets one survey and one link to the customer; the
public page takes one answer and announces it with its event; a used, closed, expired or altered link, and bad
input, record nothing and say so; staff see the surveys but never a link."""
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from kefulib.testing.read_only_probe import database_fingerprint

from .conftest import completed, scheduled

GOOD = {"rating": "5", "problem_came_back": "no", "comment": "师傅很专业，谢谢"}


@pytest.fixture
def link(publish, notices):
    """The path of the link the customer was sent for return visit rv-1 of ticket t-1."""
    publish(scheduled())
    (notice,) = notices
    return urlsplit(notice["params"]["survey_url"]).path


def answers(db):
    return [o["envelope"] for o in db.outbox.find({"routing_key": "notifications.survey.answered"})]


def test_a_scheduled_return_visit_gets_one_survey_and_one_link_however_often_it_is_announced(db, publish, notices):
    # Scheduled a moment ago (a fixed date would make the link expired once a week has passed).
    at = datetime.now(UTC).replace(second=0, microsecond=250_000)
    first = scheduled(occurred_at=at.isoformat())
    publish(first)
    publish(first)
    publish(scheduled())  # the same visit under a new event id
    (survey,) = db.surveys.find({"tenant_id": "p1"})
    assert (survey["ticket_id"], survey["return_visit_id"], survey["round"], survey["status"]) == ("t-1", "rv-1", 1, "open")
    assert survey["expires_at"] == at.replace(microsecond=0) + timedelta(days=7)
    (notice,) = notices
    assert (notice["ticket_id"], notice["topic"]) == ("t-1", "return_visit")
    assert notice["params"]["survey_url"].startswith("http://127.0.0.1:8006/s/")


def test_the_form_is_a_public_mobile_page_with_a_strict_policy_and_no_cookie(client, link):
    page = client.get(link)
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "问题是否再次出现" in html and 'name="rating" value="5"' in html and "width=device-width" in html
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert f'nonce="{policy.split("nonce-")[1].split(chr(39))[0]}"' in html  # the page's own style, nothing else
    assert "http" not in html.split("</style>")[1]  # no external asset, no outside link
    assert "Set-Cookie" not in page.headers and page.headers["Cache-Control"] == "no-store"


def test_an_answer_is_recorded_once_with_its_event_and_a_second_post_changes_nothing(client, db, link):
    thanks = client.post(link, data=GOOD)
    assert thanks.status_code == 200 and "感谢您的评价" in thanks.get_data(as_text=True)
    survey = db.surveys.find_one({"tenant_id": "p1"})
    assert survey["status"] == "answered"
    assert survey["answer"] == {"satisfaction": 5, "comment": "师傅很专业，谢谢", "problem_came_back": False}
    (event,) = answers(db)
    assert event["actor"] == "customer" and event["tenant_id"] == "p1"
    assert {k: v for k, v in event["data"].items() if k != "answered_at"} == {
        "survey_id": survey["_id"], "return_visit_id": "rv-1", "ticket_id": "t-1", "round": 1, "satisfaction": 5,
        "comment": "师傅很专业，谢谢", "problem_came_back": False}

    before = database_fingerprint(db)
    again = client.post(link, data={"rating": "1", "problem_came_back": "yes"})
    assert again.status_code == 410 and "您已提交过评价" in again.get_data(as_text=True)
    assert client.get(link).status_code == 410
    assert database_fingerprint(db) == before


@pytest.mark.parametrize("form, field, named", [
    ({"rating": "0", "problem_came_back": "no"}, "rating", "满意度"),
    ({"rating": "6", "problem_came_back": "no"}, "rating", "满意度"),
    ({"rating": "abc", "problem_came_back": "no"}, "rating", "满意度"),
    ({"problem_came_back": "no"}, "rating", "满意度"),
    ({"rating": "4"}, "problem_came_back", "问题是否再次出现"),
    ({"rating": "4", "problem_came_back": "no", "comment": "长" * 501}, "comment", "意见"),
])
def test_bad_input_shows_the_form_again_naming_the_field_and_writes_nothing(client, db, link, form, field, named):
    before = database_fingerprint(db)
    page = client.post(link, data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and page.mimetype == "text/html"
    assert f"请检查：{named}" in html and f"Please check: {field}" in html and '<form method="post"' in html
    assert database_fingerprint(db) == before and answers(db) == []


def test_the_form_keeps_what_the_customer_chose_when_another_field_is_wrong(client, link):
    html = client.post(link, data={"rating": "2", "comment": "还会漏水"}).get_data(as_text=True)
    assert 'value="2" checked' in html and "还会漏水" in html


def test_a_return_visit_done_by_phone_closes_the_survey_and_its_link_says_so(client, db, publish, link):
    publish(completed(method="phone"))
    assert db.surveys.find_one({"tenant_id": "p1"})["status"] == "closed"
    before = database_fingerprint(db)
    page = client.post(link, data=GOOD)
    assert page.status_code == 410 and "本次回访已完成" in page.get_data(as_text=True)
    assert database_fingerprint(db) == before and answers(db) == []


def test_the_completion_that_follows_the_customers_answer_leaves_the_answer(client, db, publish, link):
    assert client.post(link, data=GOOD).status_code == 200
    publish(completed(method="message"))
    assert db.surveys.find_one({"tenant_id": "p1"})["status"] == "answered"


def test_an_expired_link_says_so_and_records_nothing(app, client, db, publish, notices):
    eight_days_ago = (datetime.now(UTC) - timedelta(days=8)).isoformat()
    publish(scheduled(visit_id="rv-old", occurred_at=eight_days_ago))
    assert notices == []  # dead on arrival: not sent
    survey = db.surveys.find_one({"return_visit_id": "rv-old"})
    assert survey["sent_at"] is None
    url = app.extensions["kefu"].settings.extra["survey_links"].url(survey["_id"], survey["expires_at"])
    path = urlsplit(url).path
    before = database_fingerprint(db)
    assert "链接已过期" in client.get(path).get_data(as_text=True)
    page = client.post(path, data=GOOD)
    assert page.status_code == 410 and "链接已过期" in page.get_data(as_text=True)
    assert database_fingerprint(db) == before


@pytest.mark.parametrize("alter", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x" + t,
                                   lambda t: t.split(".")[0], lambda t: "not-a-token"])
def test_an_altered_link_is_not_found_and_records_nothing(client, db, link, alter):
    token = link.rsplit("/", 1)[1]
    before = database_fingerprint(db)
    for answer in (client.get(f"/s/{alter(token)}"), client.post(f"/s/{alter(token)}", data=GOOD)):
        assert answer.status_code == 404 and "链接无效" in answer.get_data(as_text=True)
    assert database_fingerprint(db) == before


def test_staff_see_the_survey_and_its_answer_but_never_the_link(client, db, link, as_):
    token = link.rsplit("/", 1)[1]
    client.post(link, data=GOOD)
    staff = as_("p1", "s-asst1", "cs_assistant")
    listed = client.get("/surveys?ticket_id=t-1", headers=staff)
    assert listed.status_code == 200 and listed.get_json()["total"] == 1
    (item,) = listed.get_json()["items"]
    assert (item["status"], item["return_visit_id"], item["round"]) == ("answered", "rv-1", 1)
    assert item["answer"] == {"satisfaction": 5, "comment": "师傅很专业，谢谢", "problem_came_back": False}
    assert item["sent_at"] and item["answered_at"] and item["expires_at"]
    one = client.get(f"/surveys/{item['id']}", headers=staff)
    assert one.get_json() == item
    for answer in (listed, one):
        text = answer.get_data(as_text=True)
        assert token not in text and token.split(".")[1] not in text and "/s/" not in text
    assert client.get("/surveys?status=open", headers=staff).get_json()["total"] == 0
    assert client.get("/surveys?status=answered", headers=staff).get_json()["total"] == 1


def test_an_open_survey_past_its_expiry_is_listed_as_expired(client, publish, notices, as_):
    publish(scheduled(visit_id="rv-old", occurred_at=(datetime.now(UTC) - timedelta(days=8)).isoformat()),
            scheduled(visit_id="rv-new", ticket_id="t-2"))
    staff = as_("p1", "s-asst1", "cs_assistant")
    (expired,) = client.get("/surveys?status=expired", headers=staff).get_json()["items"]
    (still_open,) = client.get("/surveys?status=open", headers=staff).get_json()["items"]
    assert (expired["return_visit_id"], expired["status"], expired["sent_at"]) == ("rv-old", "expired", None)
    assert (still_open["return_visit_id"], still_open["status"]) == ("rv-new", "open")


def test_another_project_sees_none_of_the_surveys(client, link, as_):
    survey_id = client.get("/surveys", headers=as_("p1", "s-asst1", "cs_assistant")).get_json()["items"][0]["id"]
    intruder = as_("p2", "s-sup2", "cs_supervisor")
    assert client.get("/surveys", headers=intruder).get_json()["total"] == 0
    assert client.get(f"/surveys/{survey_id}", headers=intruder).status_code == 404
