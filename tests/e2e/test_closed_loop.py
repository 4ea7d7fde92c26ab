"""Across ticketing and visits, over HTTP and the real broker: a repair signed off in ticketing
schedules its return visit in visits, due 24 h later; an unhappy return visit reopens the ticket."""
from datetime import datetime, timedelta

import pytest
from kefulib.testing.processes import wait_for


@pytest.fixture(scope="module")
def demo(sign_in, credentials):
    return sign_in(credentials["client"]["client_id"], credentials["client"]["client_secret"])


def act(platform, session, ticket_id, action, **body):
    response = session.post(platform.url("ticketing") + f"/tickets/{ticket_id}/actions/{action}", json=body)
    assert response.status_code == 200, (action, response.text)
    return response.json()


def test_a_signed_off_repair_gets_a_return_visit_due_in_24h_and_an_unhappy_one_reopens_it(platform, demo):
    tickets = platform.url("ticketing") + "/tickets"
    ticket = demo.post(tickets, json={"kind": "repair", "title": "Balcony drain blocked", "unit_id": "5-2-201"}).json()
    tid = ticket["id"]
    for action, body in [("dispatch", {"department": "engineering", "assignee": "tech-7"}), ("accept", {}),
                         ("arrive", {}), ("start_work", {}), ("resolve", {"result": "drain cleared, flows freely"})]:
        act(platform, demo, tid, action, **body)
    signed = act(platform, demo, tid, "customer_sign_off", signed_by="Owner Li")
    assert signed["status"] == "awaiting_return_visit"
    signed_at = datetime.fromisoformat(demo.get(f"{tickets}/{tid}/history").json()["items"][-1]["at"])

    def scheduled():
        items = demo.get(platform.url("visits") + "/return-visits", params={"ticket_id": tid}).json()["items"]
        return [v for v in items if v.get("due_at")]

    (visit,) = wait_for(scheduled)
    due = datetime.fromisoformat(visit["due_at"])
    assert timedelta(hours=24) <= due - signed_at < timedelta(hours=24, minutes=1)

    visits = platform.url("visits") + f"/return-visits/{visit['id']}"
    assert demo.post(visits + "/assign", json={"assignee": "cs-2"}).status_code == 200
    done = demo.post(visits + "/complete", json={"method": "phone", "satisfaction": 1, "problem_came_back": True,
                                                 "comments": "still blocked after the rain"})
    assert done.status_code == 200, done.text

    reopened = wait_for(lambda: (t := demo.get(f"{tickets}/{tid}").json())["status"] == "reopened" and t)
    assert reopened and reopened["reopen_count"] == 1 and reopened["round"] == 2
