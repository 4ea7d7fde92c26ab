"""Malformed requests an unauthenticated or authenticated attacker can send to any service (issue 12, Low).

Each of these was a 500 with stack traces in the logs before; each must now be a plain 4xx problem, with
nothing written.
"""
import base64
import json

import pytest
from kefulib.request_guard import MAX_REQUEST_BYTES
from kefulib.testing.apps import SERVICES

PROBLEM = "application/problem+json"


def segment(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# Token headers that are valid base64url but not a JSON object with a string kid.
HOSTILE_HEADERS = [b"[]", b'"RS256"', b"null", b"1", b'{"kid": [1]}', b'{"kid": {"$ne": 1}}', b"[" * 5000]
# A GET of each service that needs a token, and a POST that takes a JSON body.
SECURED_GET = {"identity": "/buildings", "ticketing": "/tickets", "visits": "/visitors",
               "billing": "/charges", "webhooks": "/subscriptions", "notifications": "/inbox", "desk": "/keys",
               "renovation": "/applications"}
JSON_POST = {"identity": "/buildings", "ticketing": "/tickets", "visits": "/visitors/check-in",
             "billing": "/charges", "webhooks": "/subscriptions", "notifications": "/inbox/any-item/read",
             "desk": "/parcels", "renovation": "/applications"}


@pytest.mark.parametrize("service", SERVICES)
def test_attack_bearer_token_whose_header_is_not_a_json_object_is_401_on_every_service(service, build_app):
    client = build_app(service).test_client()
    for raw in HOSTILE_HEADERS:
        token = f"{segment(raw)}.{segment(b'{}')}.{segment(b'sig')}"
        response = client.get(SECURED_GET[service], headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, (raw[:20], response.get_data(as_text=True)[:200])
        assert response.mimetype == PROBLEM
    for token in ("%%%", "a.b", "....", "\u00e9.x.y"):
        assert client.get(SECURED_GET[service], headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize("service", SERVICES)
def test_attack_json_nested_ten_thousand_levels_is_400_on_every_service(service, build_app, headers_for):
    client = build_app(service).test_client()
    body = "[" * 10_000 + "]" * 10_000
    response = client.post(JSON_POST[service], data=body, content_type="application/json",
                           headers=headers_for(service))
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == PROBLEM and "nested" in response.get_json()["detail"]


@pytest.mark.parametrize("service", SERVICES)
def test_attack_lone_surrogate_in_a_json_string_is_400_naming_the_field(service, build_app, headers_for):
    app = build_app(service)
    db = app.extensions["kefu"].db
    before = {name: db[name].count_documents({}) for name in db.list_collection_names()}
    body = '{"name": "\\ud800", "title": "x\\udfff", "visitor_name": "\\ud800", "url": "https://e.com/\\ud800"}'
    response = app.test_client().post(JSON_POST[service], data=body, content_type="application/json",
                                      headers=headers_for(service))
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    problem = response.get_json()
    assert response.mimetype == PROBLEM and "surrogate" in problem["detail"]
    assert set(problem["errors"]) & {"name", "title", "visitor_name", "url"}
    after = {name: db[name].count_documents({}) for name in db.list_collection_names()}
    assert {k: v for k, v in after.items() if k in before} == before  # nothing written


@pytest.mark.parametrize("service", SERVICES)
def test_attack_oversized_body_is_413_before_any_parsing(service, build_app, headers_for):
    client = build_app(service).test_client()
    body = json.dumps({"title": "x" * (MAX_REQUEST_BYTES + 1)})
    response = client.post(JSON_POST[service], data=body, content_type="application/json",
                           headers=headers_for(service))
    assert response.status_code == 413 and response.mimetype == PROBLEM


@pytest.mark.parametrize("service", SERVICES)
def test_attack_an_8_kb_request_id_is_neither_echoed_nor_logged(service, build_app, caplog):
    client = build_app(service).test_client()
    hostile = "A" * 8192
    response = client.get("/livez", headers={"X-Request-ID": hostile})
    assert response.status_code == 200
    assert len(response.headers["X-Request-ID"]) <= 128 and response.headers["X-Request-ID"] != hostile
    assert hostile not in caplog.text
    kept = client.get("/livez", headers={"X-Request-ID": "desk-7f3a"})
    assert kept.headers["X-Request-ID"] == "desk-7f3a"


@pytest.mark.parametrize("folder", ["Asia", "Etc", "America"])
def test_attack_a_time_zone_naming_a_tzdata_folder_is_422_in_ticketings_calendar(folder, build_app, headers_for):
    client = build_app("ticketing").test_client()
    week = [[{"start": "09:00", "end": "17:00"}]] * 5 + [[], []]
    response = client.put("/settings/sla", json={"calendar": {"timezone": folder, "weekly_hours": week}},
                          headers=headers_for("ticketing"))
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert "calendar.timezone" in response.get_json()["errors"]
    assert client.get("/settings/sla", headers=headers_for("ticketing")).get_json()["calendar"]["timezone"] == "Asia/Shanghai"


@pytest.mark.parametrize("folder", ["Asia", "Etc"])
def test_attack_a_time_zone_naming_a_tzdata_folder_is_422_in_visits(folder, build_app, headers_for):
    client = build_app("visits").test_client()
    headers = headers_for("visits")
    response = client.patch("/settings", json={"timezone": folder}, headers=headers)
    assert response.status_code == 422 and "timezone" in response.get_json()["errors"]
    resource = {"name": "Clubhouse", "weekly_hours": {"0": [{"start": "09:00", "end": "12:00"}]}, "timezone": folder}
    response = client.post("/bookable-resources", json=resource, headers=headers)
    assert response.status_code == 422 and "timezone" in response.get_json()["errors"]
    assert client.get("/bookable-resources", headers=headers).get_json()["total"] == 0


@pytest.mark.parametrize("service", SERVICES)
def test_the_swagger_page_loads_its_assets_from_the_service_itself(service, build_app):
    """On a closed network a CDN is unreachable and the page was blank; every asset now comes from the service."""
    client = build_app(service).test_client()
    page = client.get("/docs").get_data(as_text=True)
    assert "cdn." not in page and "https://" not in page.split("<body>")[0]
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert f'"docs/assets/{asset}"' in page
        response = client.get(f"/docs/assets/{asset}")
        assert response.status_code == 200 and len(response.data) > 10_000, asset
    assert client.get("/docs/assets/../../../etc/passwd").status_code == 404
