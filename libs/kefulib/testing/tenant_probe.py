"""A cross-tenant probe generated from a service's OpenAPI document.

For every operation the probe calls the service as another project (the intruder) with the real
ids of the owner project in the path, in the required query parameters and in the body, and
compares the answer with the one for an id that does not exist. A service passes when, for every
operation:

- nothing answers 5xx, and every 4xx is a problem-details body;
- an operation aimed at one of the owner's records answers 404, or exactly what a missing id gets;
- no answer carries any of the owner's ids or marker strings;
- the owner's stored documents are unchanged afterwards.

Operations the probe cannot aim at a real record (a path parameter without a known value) are
reported as findings too, so the suite cannot quietly shrink when an endpoint is added.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

METHODS = ("get", "post", "put", "patch", "delete")
PROBLEM_JSON = "application/problem+json"
PATH_PARAM = re.compile(r"{([^}]+)}")


@dataclass
class Probe:
    """What the probe may fill in: the owner's real ids by parameter name, and plain values for
    parameters that are not record ids (a month, a year, a code)."""
    owner_tenant: str
    ids: dict[str, str]
    values: dict[str, str] = field(default_factory=dict)
    path_values: dict[str, str] = field(default_factory=dict)  # for path parameters only, where a body field shares the name
    bodies: dict[str, dict] = field(default_factory=dict)  # "METHOD /path" -> body to send instead of the generated one
    skip: dict[str, str] = field(default_factory=dict)  # "METHOD /path" -> why it is not probed
    secrets: set[str] = field(default_factory=set)      # strings only the owner may ever see


@dataclass
class Report:
    probed: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


def operations(spec: dict) -> Iterable[tuple[str, str, dict]]:
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def example_value(spec: dict, schema: dict, name: str, probe: Probe):
    """A small value that satisfies `schema`, preferring the owner's id when the field names one."""
    schema = _resolve(spec, schema)
    if name in probe.ids:
        return probe.ids[name]
    if name in probe.values:
        return probe.values[name]
    if "enum" in schema:
        return schema["enum"][0]
    if "allOf" in schema:
        return example_value(spec, schema["allOf"][0], name, probe)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object" or "properties" in schema:
        return minimal_object(spec, schema, probe)
    if kind == "array":
        return [example_value(spec, schema.get("items", {}), name, probe) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1) if schema.get("maximum", 1) >= 1 else schema.get("minimum", 0)
    if kind == "number":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    return _example_string(schema)


def _example_string(schema: dict) -> str:
    formats = {"date-time": datetime.now(UTC).isoformat(), "date": datetime.now(UTC).date().isoformat(),
               "email": "probe@example.com", "uuid": str(uuid.uuid4()), "uri": "https://example.com/hook",
               "url": "https://example.com/hook"}
    text = formats.get(schema.get("format"), "probe")
    return text.ljust(schema.get("minLength", 0), "x")[: schema.get("maxLength", 10_000)]


def minimal_object(spec: dict, schema: dict, probe: Probe) -> dict:
    schema = _resolve(spec, schema)
    properties = schema.get("properties", {})
    wanted = set(schema.get("required", [])) | {name for name in properties if name in probe.ids}
    return {name: example_value(spec, properties[name], name, probe) for name in properties if name in wanted}


def _fill_path(path: str, values: dict[str, str]) -> str:
    return PATH_PARAM.sub(lambda m: values[m.group(1)], path)


def _request(client, method: str, path: str, query: dict, body, headers: dict):
    kwargs = {"headers": headers, "query_string": query}
    if body is not None:
        kwargs["json"] = body
    return getattr(client, method)(path, **kwargs)


def _problem_title(response) -> str | None:
    if response.mimetype != PROBLEM_JSON:
        return None
    return (response.get_json(silent=True) or {}).get("title")


def _plan(spec: dict, method: str, path: str, operation: dict, probe: Probe):
    """The path values, query and body for one operation, or the names nobody gave a value for."""
    path_names = PATH_PARAM.findall(path)
    known = {**probe.values, **probe.path_values, **probe.ids}
    unknown = [n for n in path_names if n not in known]
    path_values = {n: known[n] for n in path_names if n not in unknown}
    query = {}
    for parameter in operation.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        if where == "query" and (parameter.get("required") or name in probe.ids):
            query[name] = example_value(spec, parameter.get("schema", {}), name, probe)
    body = None
    content = operation.get("requestBody", {}).get("content", {})
    if f"{method.upper()} {path}" in probe.bodies:
        body = probe.bodies[f"{method.upper()} {path}"]
    elif "application/json" in content:
        body = example_value(spec, content["application/json"].get("schema", {}), "", probe)
    return unknown, path_values, query, body


def _missing_variant(path_values: dict, query: dict, body, probe: Probe):
    """The same request with every owner id replaced by an id that exists nowhere."""
    def swap(value):
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return f"missing-{uuid.uuid4().hex}" if value in owner_ids else value
    owner_ids = set(probe.ids.values())
    return swap(path_values), swap(query), swap(body)


def probe_service(client, spec: dict, intruder_headers: dict, probe: Probe, db) -> Report:
    """Run the probe over every operation of `spec`; `db` is the service's database."""
    report = Report()
    before = tenant_fingerprint(db, probe.owner_tenant)
    secrets = probe.secrets | {v for v in probe.ids.values() if len(v) >= 8} | owner_ids_in(db, probe.owner_tenant)
    for method, path, operation in operations(spec):
        label = f"{method.upper()} {path}"
        if label in probe.skip or not operation.get("security", [{}]):
            continue  # skipped with a reason, or public (health, discovery, sign-in)
        unknown, path_values, query, body = _plan(spec, method, path, operation, probe)
        if unknown:
            report.findings.append(f"{label}: no owner value for {', '.join(unknown)}")
            continue
        answer = _request(client, method, _fill_path(path, path_values), query, body, intruder_headers)
        report.probed.append(f"{label} -> {answer.status_code}")
        report.findings += _judge(label, answer, secrets)
        aims_at_owner = set(PATH_PARAM.findall(path)) & set(probe.ids) or _mentions(query, probe) or _mentions(body, probe)
        if aims_at_owner and answer.status_code != 404:
            m_path, m_query, m_body = _missing_variant(path_values, query, body, probe)
            baseline = _request(client, method, _fill_path(path, m_path), m_query, m_body, intruder_headers)
            if (answer.status_code, _problem_title(answer)) != (baseline.status_code, _problem_title(baseline)):
                report.findings.append(f"{label}: answered {answer.status_code} {_problem_title(answer)!r} for the "
                                       f"owner's id but {baseline.status_code} {_problem_title(baseline)!r} for a "
                                       "missing one")
    if tenant_fingerprint(db, probe.owner_tenant) != before:
        report.findings.append("the owner's stored documents changed during the probe")
    return report


def _mentions(value, probe: Probe) -> bool:
    return bool(value) and any(owner_id in json.dumps(value, default=str) for owner_id in probe.ids.values())


def _judge(label: str, answer, secrets: set[str]) -> list[str]:
    findings = []
    if answer.status_code >= 500:
        findings.append(f"{label}: {answer.status_code}")
    if 400 <= answer.status_code < 500 and answer.mimetype != PROBLEM_JSON:
        findings.append(f"{label}: {answer.status_code} without a problem-details body")
    # Replace what is not UTF-8: a binary answer (an image, a PDF) must not stop the probe; ids are still searched.
    text = answer.get_data().decode("utf-8", "replace")
    leaked = sorted(s for s in secrets if s in text)
    if leaked:
        findings.append(f"{label}: answer carries the owner's {leaked[:3]}")
    return findings


def owner_ids_in(db, tenant_id: str) -> set[str]:
    """The owner's long string ids (ids short enough to collide by chance, like '1-101', are left out)."""
    found = set()
    for name in db.list_collection_names():
        for doc in db[name].find({"tenant_id": tenant_id}, {"_id": 1, "id": 1}):
            found |= {v for v in (doc.get("_id"), doc.get("id")) if isinstance(v, str) and len(v) >= 16}
    return found


def tenant_fingerprint(db, tenant_id: str) -> dict[str, str]:
    """A digest of each collection's documents of `tenant_id` (outbox rows and inbox entries included)."""
    digests = {}
    for name in sorted(db.list_collection_names()):
        docs = sorted(json.dumps(d, sort_keys=True, default=str) for d in db[name].find({"tenant_id": tenant_id}))
        if docs:
            digests[name] = hashlib.sha256("\n".join(docs).encode()).hexdigest()
    return digests
