"""An integration client signs in, files a ticket, and visits records a return-visit placeholder:
over HTTP, through gunicorn processes, with the event crossing the real RabbitMQ."""
import subprocess

import pytest
import requests
from kefulib.testing.processes import wait_for


def return_visits(platform, session, **params):
    response = session.get(platform.url("visits") + "/return-visits", params={"page_size": 200, **params})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def demo(sign_in, credentials):
    return sign_in(credentials["client"]["client_id"], credentials["client"]["client_secret"])


@pytest.fixture(scope="module")
def other_tenant(platform, credentials, sign_in):
    hq = sign_in(credentials["hq_admin"]["client_id"], credentials["hq_admin"]["client_secret"])
    identity = platform.url("identity")
    assert hq.post(identity + "/tenants", json={"name": "Other project", "code": "other"}).status_code == 201
    client = hq.post(identity + "/tenants/other/clients",
                     json={"name": "other app", "scopes": ["ticketing:read", "ticketing:write", "visits:read"]}).json()
    return sign_in(client["client_id"], client["client_secret"])


def test_a_ticket_created_over_http_reaches_visits_for_its_tenant_only(platform, demo, other_tenant):
    created = demo.post(platform.url("ticketing") + "/tickets",
                        json={"kind": "repair", "title": "Bathroom drain blocked", "unit_id": "3-12-1203"})
    assert created.status_code == 201, created.text
    ticket_id = created.json()["id"]

    found = wait_for(lambda: return_visits(platform, demo, ticket_id=ticket_id)["items"])
    assert [(v["ticket_id"], v["status"]) for v in found] == [(ticket_id, "pending")]

    assert other_tenant.get(platform.url("ticketing") + f"/tickets/{ticket_id}").status_code == 404
    assert return_visits(platform, other_tenant, ticket_id=ticket_id)["items"] == []


def test_bad_input_over_http_is_a_422_problem_naming_the_field(platform, demo):
    response = demo.post(platform.url("ticketing") + "/tickets", json={"kind": "repair"})
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "title" in response.json()["errors"]


def test_every_service_serves_openapi_and_is_ready(platform):
    for service in ("identity", "ticketing", "visits", "billing", "webhooks"):
        base = platform.url(service)
        assert requests.get(base + "/openapi.json", timeout=5).json()["openapi"].startswith("3.")
        assert requests.get(base + "/readyz", timeout=5).status_code == 200


def rabbitmq(action):
    subprocess.run(["rabbitmqctl", action], check=True, capture_output=True, timeout=120)


def test_no_event_is_lost_while_rabbitmq_is_down_and_each_arrives_exactly_once(platform, demo):
    # Repairs: each gets a return-visit placeholder in visits (inquiries get none, VS-3), which is how this
    # test sees an event arrive.
    url = platform.url("ticketing") + "/tickets"
    ids = [demo.post(url, json={"kind": "repair", "title": f"before outage {n}"}).json()["id"] for n in range(5)]
    rabbitmq("stop_app")
    try:
        for n in range(10):
            response = demo.post(url, json={"kind": "repair", "title": f"during outage {n}"})
            assert response.status_code == 201, response.text  # the outbox keeps accepting work
            ids.append(response.json()["id"])
    finally:
        rabbitmq("start_app")
        subprocess.run(["rabbitmqctl", "await_startup"], capture_output=True, timeout=120)
    ids += [demo.post(url, json={"kind": "repair", "title": f"after outage {n}"}).json()["id"] for n in range(5)]

    def all_arrived():
        seen = [v["ticket_id"] for v in return_visits(platform, demo)["items"] if v["ticket_id"] in ids]
        return seen if len(seen) >= len(ids) else None

    seen = wait_for(all_arrived, timeout=90, interval=0.5)
    assert seen is not None, "not every event reached visits after the broker came back"
    assert sorted(seen) == sorted(ids)  # each exactly once
