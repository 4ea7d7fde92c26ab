"""Settings that could break a whole project, and secrets that production must not run without (issue 12)."""
import pytest
from kefulib.config import MissingSecret

SUPERVISOR = ["cs_supervisor", "project_manager"]


@pytest.fixture
def ticketing(build_app, headers_for):
    client = build_app("ticketing").test_client()
    return client, headers_for("ticketing", roles=SUPERVISOR)


@pytest.mark.parametrize("policy, field", [
    ({"escalation_multiples": [1, 2, 10**12]}, "policy.escalation_multiples"),
    ({"escalation_multiples": [1, 2, 2**31 - 1]}, "policy.escalation_multiples"),
    ({"escalation_multiples": [1, 200_000, 200_001]}, "policy.escalation_multiples"),
    ({"general_fixed": {"minutes": 10**20}}, "policy.general_fixed.minutes"),
    ({"urgent_fixed": {"minutes": 2**63}}, "policy.urgent_fixed.minutes"),
    ({"general_fixed": {"minutes": 14 * 24 * 60 + 1}}, "policy.general_fixed.minutes"),
])
def test_attack_huge_sla_numbers_are_422_and_tickets_still_open(ticketing, policy, field):
    client, headers = ticketing
    response = client.put("/settings/sla", json={"policy": policy}, headers=headers)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert any(key.startswith(field) for key in response.get_json()["errors"]), response.get_json()["errors"]
    created = client.post("/tickets", json={"kind": "repair", "title": "水龙头漏水"}, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)[:300]


def test_the_largest_allowed_sla_numbers_still_let_tickets_open(ticketing):
    client, headers = ticketing
    policy = {"escalation_multiples": [1, 5, 10], "general_fixed": {"minutes": 14 * 24 * 60, "clock": "business"}}
    assert client.put("/settings/sla", json={"policy": policy}, headers=headers).status_code == 200
    created = client.post("/tickets", json={"kind": "repair", "title": "门锁坏了"}, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)[:300]


def test_attack_a_calendar_too_sparse_for_the_top_escalation_is_422_not_a_broken_project(ticketing):
    client, headers = ticketing
    one_hour_on_mondays = [[{"start": "09:00", "end": "10:00"}]] + [[]] * 6
    body = {"policy": {"general_fixed": {"minutes": 14 * 24 * 60, "clock": "business"}},
            "calendar": {"weekly_hours": one_hour_on_mondays}}
    response = client.put("/settings/sla", json=body, headers=headers)
    assert response.status_code == 422 and "policy.general_fixed.minutes" in response.get_json()["errors"]
    created = client.post("/tickets", json={"kind": "repair", "title": "灯不亮"}, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)[:300]


# A public development key would let anyone who reads this repository test visits' stored ID fingerprints, or
# turn desk's stored pickup-code hashes (six digits, so a million tries) back into codes.
# desk needs two: the key its pickup codes are hashed under and the one it seals a code under for the resident's SMS;
# each case sets the other, so the one under test is what stops the start.
REAL = "a-real-production-secret-0123456789abcdef"


@pytest.mark.parametrize("service, variable, min_length, extra_key, others", [
    ("visits", "VISITS_DOCUMENT_SECRET", 16, "document_secret", {}),
    ("desk", "DESK_PICKUP_CODE_KEY", 32, "pickup_code_key", {"KEFU_PICKUP_SEAL_KEY": REAL}),
    ("desk", "KEFU_PICKUP_SEAL_KEY", 32, "pickup_seal_key", {"DESK_PICKUP_CODE_KEY": REAL}),
])
def test_attack_a_service_in_production_without_its_secret_refuses_to_start(build_app, monkeypatch, service,
                                                                            variable, min_length, extra_key, others):
    monkeypatch.setenv("KEFU_ENV", "production")
    for name, value in others.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(variable, raising=False)
    with pytest.raises(MissingSecret, match=variable):
        build_app(service)
    monkeypatch.setenv(variable, "short")
    with pytest.raises(MissingSecret, match=f"at least {min_length}"):
        build_app(service)
    monkeypatch.setenv(variable, REAL)
    assert build_app(service).extensions["kefu"].settings.extra[extra_key].startswith("a-real")
