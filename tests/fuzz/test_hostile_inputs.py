"""Hostile inputs sent to every operation of every service (issue 12): what random generation rarely finds.

For each operation of each OpenAPI document:
- bearer tokens whose header segment is a JSON array, string, number or null, or not base64 at all: 401 on
  every operation that needs a token (never a 500 with two stack traces);
- a JSON body nested 10,000 levels deep: 400;
- every string of a plausible body replaced by a lone UTF-16 surrogate: 400;
- a plausible body whose time-zone fields name tzdata folders and whose URL fields carry ports 99999 and
  "abc": whatever the answer, no 5xx and a problem-details body.
Every 4xx is checked to be application/problem+json (OAuth endpoints: RFC 6749 JSON errors).
"""
import base64
import json

import pytest
from hypothesis import find, settings, strategies

PROBLEM = "application/problem+json"
OAUTH_PATHS = {"/oauth/token", "/oauth/revoke"}
METHODS = ("get", "post", "put", "patch", "delete")


def _segment(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


MALFORMED_TOKENS = [f"{_segment(h)}.{_segment(b'{}')}.{_segment(b'x')}"
                    for h in (b"[]", b'"RS256"', b"null", b"7", b'{"kid": []}', b"[" * 3000)] + ["!!!.@@@.###", "a"]
DEEP_JSON = "[" * 10_000 + "]" * 10_000
LONE_SURROGATE = "\\ud800"
TZ_FOLDERS = ("Asia", "Etc")
BAD_URLS = ("https://example.com:99999/hook", "https://example.com:abc/hook")


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def needs_token(spec: dict, operation: dict) -> bool:
    return bool(operation.get("security", spec.get("security", [])))


def filled(path: str) -> str:
    # Any value: routing, the token check and the body guard all come before the id is looked up.
    return "/".join("1" if part.startswith("{") else part for part in path.split("/"))


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = spec["components"]["schemas"][name]
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema and schema[key]:
            schema = _resolve(spec, schema[key][0])
    return schema


def sample(spec: dict, schema: dict, strings, depth: int = 0):
    """A value shaped like `schema` whose strings come from `strings(name)`; enough to pass the body parser."""
    schema = _resolve(spec, schema)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if kind == "object":
        if depth > 4:
            return {}
        return {name: sample(spec, sub, strings, depth + 1) if _resolve(spec, sub).get("type") != "string"
                else strings(name, _resolve(spec, sub)) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [sample(spec, schema.get("items", {}), strings, depth + 1)]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    return strings("", schema)


def json_body_schema(operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def assert_answered_as_problem(response, label: str) -> None:
    assert response.status_code < 500, f"{label}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    if response.status_code >= 400:
        expected = {PROBLEM, "application/json"} if label.split(" ", 1)[1] in OAUTH_PATHS else {PROBLEM}
        assert response.mimetype in expected, f"{label}: {response.status_code} as {response.mimetype}"


@pytest.fixture
def spec_and_client(service_app):
    client = service_app.test_client()
    return client.get("/openapi.json").get_json(), client


def test_malformed_token_headers_are_401_on_every_secured_operation(spec_and_client):
    spec, client = spec_and_client
    checked = 0
    for path, method, operation in operations(spec):
        if not needs_token(spec, operation):
            continue
        for token in MALFORMED_TOKENS:
            response = client.open(filled(path), method=method.upper(), json={},
                                   headers={"Authorization": f"Bearer {token}"})
            label = f"{method.upper()} {path}"
            assert response.status_code == 401, f"{label}: {response.status_code} {response.get_data(as_text=True)[:200]}"
            assert response.mimetype == PROBLEM, label
        checked += 1
    assert checked > 0


def test_json_nested_ten_thousand_levels_is_400_on_every_operation_with_a_body(spec_and_client, auth_headers):
    spec, client = spec_and_client
    checked = 0
    for path, method, operation in operations(spec):
        if json_body_schema(operation) is None:
            continue
        response = client.open(filled(path), method=method.upper(), data=DEEP_JSON, content_type="application/json",
                               headers=auth_headers)
        assert response.status_code == 400, f"{method.upper()} {path}: {response.status_code}"
        assert response.mimetype == PROBLEM
        checked += 1
    assert checked > 0


def test_lone_surrogates_in_every_string_are_400_on_every_operation_with_a_body(spec_and_client, auth_headers):
    spec, client = spec_and_client
    for path, method, operation in operations(spec):
        schema = json_body_schema(operation)
        if schema is None:
            continue
        body = sample(spec, schema, lambda name, s: "\ud800")
        # json.dumps writes the lone surrogate as the escape "\ud800", exactly what an attacker sends.
        raw = json.dumps(body if body not in ({}, []) else {"name": "\ud800"})
        if LONE_SURROGATE not in raw:  # a body of numbers only (desk's PUT /settings): the surrogate rides along
            raw = json.dumps({**body, "name": "\ud800"})
        assert LONE_SURROGATE in raw
        response = client.open(filled(path), method=method.upper(), data=raw, content_type="application/json",
                               headers=auth_headers)
        answer = response.get_data(as_text=True)[:200]
        assert response.status_code == 400, f"{method.upper()} {path}: {response.status_code} {answer}"
        assert response.mimetype == PROBLEM and response.get_json()["errors"]


def _plausible(name: str, schema: dict) -> str:
    """A string the schema accepts, so that the request gets past the parser to the field under test."""
    if "enum" in schema:
        return schema["enum"][0]
    if "example" in schema:
        return schema["example"]
    if schema.get("format") in ("date", "date-time"):
        return {"date": "2026-01-05", "date-time": "2026-01-05T10:00:00+08:00"}[schema["format"]]
    low, high = schema.get("minLength", 1), schema.get("maxLength", 64)
    if "pattern" in schema:
        # The simplest string matching the pattern: hypothesis' find() shrinks to it, the same every run.
        return find(strategies.from_regex(schema["pattern"], fullmatch=True), lambda text: low <= len(text) <= high,
                    settings=settings(database=None, max_examples=500))
    return "x" * max(low, 1)


@pytest.mark.parametrize("zone_value, url_value", list(zip(TZ_FOLDERS, BAD_URLS, strict=True)))
def test_time_zone_folders_and_bad_ports_never_cause_a_5xx(spec_and_client, auth_headers, zone_value, url_value):
    spec, client = spec_and_client
    def strings(name, schema):
        if "zone" in name:
            return zone_value
        if name.endswith("url") or schema.get("format") == "uri":
            return url_value
        return _plausible(name, schema)
    for path, method, operation in operations(spec):
        schema = json_body_schema(operation)
        query = {p["name"]: zone_value for p in operation.get("parameters", [])
                 if p.get("in") == "query" and "zone" in p["name"]}
        if schema is None and not query:
            continue
        body = sample(spec, schema, strings) if schema else None
        response = client.open(filled(path), method=method.upper(), json=body, query_string=query,
                               headers=auth_headers)
        assert_answered_as_problem(response, f"{method.upper()} {path}")
