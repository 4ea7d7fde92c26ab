"""Section 7 of `make bench`: the time from a ticket's commit in ticketing to its message handed to the SMS
provider (NT-1), through the whole path: ticketing's outbox and relay, RabbitMQ, notifications' consumer (the
delivery written), its sender (contact read from ticketing over HTTP, template, Aliyun's signed API call) and the
local Aliyun server that checks the request and accepts it.

Urgent repairs are used so quiet hours never hold a message; each ticket has its own phone number, so the hourly
limit does not suppress any. Tickets are created at a fixed rate (open loop), each timed from the ticket's own
`created_at` (ticketing's clock) to the provider's acceptance (this machine's clock, the same clock).
"""
from __future__ import annotations

import statistics
import time
from datetime import datetime

import requests
from authlib.integrations.requests_client import OAuth2Session

PASSWORD = "bench notices password 42"
TEMPLATES = {"SMS_RECEIVED": ("sender", "title", "ref")}
SIGN = "物业客服中心"


def sms_env(fake) -> dict:
    """The platform's environment for sending SMS through the local Aliyun server `fake`."""
    return {"NOTIFY_SMS_PROVIDER": "aliyun", "NOTIFY_ALIYUN_ACCESS_KEY_ID": fake.access_key_id,
            "NOTIFY_ALIYUN_ACCESS_KEY_SECRET": fake.access_key_secret, "NOTIFY_ALIYUN_SMS_SIGN_NAME": SIGN,
            "NOTIFY_ALIYUN_SMS_ENDPOINT": fake.url}


def manager_session(local, creds: dict, tenant: str, role: str = "project_manager") -> OAuth2Session:
    """A person of `tenant` holding `role` (the project manager unless told), signed in with the password grant."""
    identity = local.url("identity")
    username = f"{tenant}-{role.replace('_', '-')}"
    admin = requests.post(identity + "/oauth/token", data={"grant_type": "client_credentials"},
                          auth=(creds["hq_admin"]["client_id"], creds["hq_admin"]["client_secret"]), timeout=10)
    admin.raise_for_status()
    created = requests.post(identity + "/staff", headers={"Authorization": "Bearer " + admin.json()["access_token"]},
                            json={"username": username, "name": "Bench PM", "password": PASSWORD,
                                  "roles": [{"role": role, "project_id": tenant}]}, timeout=10)
    assert created.status_code == 201, created.text
    app = creds["staff_app"]
    session = OAuth2Session(app["client_id"], app["client_secret"], token_endpoint_auth_method="client_secret_basic")
    session.fetch_token(identity + "/oauth/token", username=username, password=PASSWORD, tenant_id=tenant)
    return session


def measure(local, creds: dict, tenant: str, fake, count: int, rate: float) -> dict:
    manager = manager_session(local, creds, tenant)
    settings = manager.put(local.url("notifications") + "/settings/messages", json={
        "sender_name": SIGN, "per_hour": 60, "quiet_hours": {"start": "00:00", "end": "00:00"},
        "provider_templates": {"sms": {"received": "SMS_RECEIVED"}}})
    assert settings.status_code == 200, settings.text
    already = len(fake.received)
    committed: dict[str, float] = {}
    start = time.perf_counter()
    for n in range(count + 1):  # the first one warms the path up and is not counted
        due = start + n / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        phone = f"137{n:08d}"
        response = manager.post(local.url("ticketing") + "/tickets", json={
            "kind": "repair", "title": "水管爆裂", "subtype": "no_water_or_burst_pipe", "channel": "phone",
            "callback_phone": phone}, timeout=30)
        assert response.status_code == 201, response.text
        if n:
            committed[phone] = datetime.fromisoformat(response.json()["created_at"]).timestamp()
    deadline = time.monotonic() + 120
    while len(fake.received) - already < count + 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    accepted = {m.phone: at for m, at in zip(fake.received[already:], fake.accepted_at[already:], strict=True)}
    latencies = sorted(accepted[p] - t for p, t in committed.items() if p in accepted)
    return {"count": count, "rate": rate, "delivered": len(latencies),
            "p50": statistics.median(latencies) if latencies else float("nan"),
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")}


def report_lines(result: dict) -> list[str]:
    return ["## Customer message: ticket commit to SMS provider", "",
            f"{result['count']} urgent repairs created over HTTP at {result['rate']:g}/s, each with its own phone; "
            "from the ticket's commit (its `created_at`) to the local Aliyun SMS server accepting the signed request.",
            "", "| measurement | value |", "|---|---|",
            f"| messages accepted by the provider / tickets | {result['delivered']} / {result['count']} |",
            f"| commit → provider p50 / p99 | {result['p50'] * 1000:.0f} ms / {result['p99'] * 1000:.0f} ms |",
            ""]
