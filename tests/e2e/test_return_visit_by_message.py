"""The return visit by message (NT-4) on the real platform, driven over HTTP and the real broker: a repair signed
off in ticketing schedules its return visit in visits, notifications makes its survey, the customer answers the
public page, visits completes the visit and ticketing closes the ticket (rating 5) or reopens it (rating 1).
A second answer changes nothing.

The link itself goes out through the customer-notice pipeline (another branch); here it is built as that pipeline
receives it: the survey's id and expiry from notifications' own API, signed with the development key."""
from datetime import datetime
from urllib.parse import urlsplit

import pytest
import requests
from kefulib.testing.processes import wait_for
from notifications.config import DEV_SURVEY_KEY
from notifications.domain import sign_link


@pytest.fixture(scope="module")
def demo(sign_in, credentials):
    return sign_in(credentials["client"]["client_id"], credentials["client"]["client_secret"])


def repaired_and_signed_off(platform, session, title):
    tickets = platform.url("ticketing") + "/tickets"
    tid = session.post(tickets, json={"kind": "repair", "title": title, "unit_id": "5-2-201"}).json()["id"]
    for action, body in [("dispatch", {"department": "engineering", "assignee": "tech-7"}), ("accept", {}),
                         ("arrive", {}), ("start_work", {}), ("resolve", {"result": "fixed and tested"}),
                         ("customer_sign_off", {"signed_by": "Owner Li"})]:
        response = session.post(f"{tickets}/{tid}/actions/{action}", json=body)
        assert response.status_code == 200, (action, response.text)
    return tid


def survey_link(platform, session, ticket_id):
    """The survey notifications made for the ticket's return visit, and the path of its link."""
    def found():
        items = session.get(platform.url("notifications") + "/surveys", params={"ticket_id": ticket_id}).json()["items"]
        return items[0] if items else None
    survey = wait_for(found)
    assert survey["status"] == "open" and survey["sent_at"]
    token = sign_link(survey["id"], datetime.fromisoformat(survey["expires_at"]), DEV_SURVEY_KEY.encode())
    return survey, platform.url("notifications") + f"/s/{token}"


def scheduled_visit(platform, session, ticket_id):
    def found():
        items = session.get(platform.url("visits") + "/return-visits", params={"ticket_id": ticket_id}).json()["items"]
        return [v for v in items if v.get("scheduled")]
    (visit,) = wait_for(found)
    return visit


def ticket(platform, session, ticket_id):
    return session.get(platform.url("ticketing") + f"/tickets/{ticket_id}").json()


def test_a_five_star_answer_by_message_completes_the_visit_and_closes_the_ticket(platform, demo):
    tid = repaired_and_signed_off(platform, demo, "Kitchen tap drips")
    visit = scheduled_visit(platform, demo, tid)
    survey, link = survey_link(platform, demo, tid)
    assert survey["return_visit_id"] == visit["id"] and survey["round"] == visit["round"] == 1

    form = requests.get(link, timeout=10)  # the customer's phone: no token, no cookie
    assert form.status_code == 200 and "问题是否再次出现" in form.text and not form.cookies
    answered = requests.post(link, data={"rating": "5", "problem_came_back": "no", "comment": "很快修好了"}, timeout=10)
    assert answered.status_code == 200 and "感谢您的评价" in answered.text

    done = wait_for(lambda: (v := demo.get(platform.url("visits") + f"/return-visits/{visit['id']}").json())
                    ["status"] == "completed" and v)
    assert done["outcome"] == {"method": "message", "satisfaction": 5, "problem_came_back": False,
                               "comments": "很快修好了"}
    assert done["completed_by"] == "customer" and done["unhappy"] is False
    closed = wait_for(lambda: (t := ticket(platform, demo, tid))["status"] == "closed" and t)
    assert closed["round"] == 1

    again = requests.post(link, data={"rating": "1", "problem_came_back": "yes"}, timeout=10)
    assert again.status_code == 410 and "您已提交过评价" in again.text
    staff_view = demo.get(platform.url("notifications") + f"/surveys/{survey['id']}").json()
    assert staff_view["status"] == "answered" and staff_view["answer"]["satisfaction"] == 5
    assert urlsplit(link).path.rsplit("/", 1)[1] not in str(staff_view)
    assert demo.get(platform.url("visits") + f"/return-visits/{visit['id']}").json()["outcome"]["satisfaction"] == 5
    assert ticket(platform, demo, tid)["status"] == "closed"


def test_a_one_star_answer_by_message_reopens_the_ticket(platform, demo):
    tid = repaired_and_signed_off(platform, demo, "Balcony drain blocked")
    _, link = survey_link(platform, demo, tid)
    answered = requests.post(link, data={"rating": "1", "problem_came_back": "yes", "comment": "下雨又堵了"}, timeout=10)
    assert answered.status_code == 200, answered.text
    reopened = wait_for(lambda: (t := ticket(platform, demo, tid))["status"] == "reopened" and t)
    assert reopened["reopen_count"] == 1 and reopened["round"] == 2
