"""A read-only probe generated from a service's OpenAPI document (X-1: the HQ auditor changes nothing).

Every non-GET operation is called with a read-only caller's headers (e.g. an `hq_auditor` token) and must
answer 403 with a problem-details body, and the database must be unchanged afterwards. Path parameters
are filled from `ids` (real records, so a refusal cannot hide behind a 404) or a placeholder; bodies are
the smallest the schema accepts (see tenant_probe.example_value), so a refusal cannot hide behind a 422
either. Operations that are reads sent as POST, or the caller's own credentials, are named in `exempt`
with a reason; they are listed in the report, not silently dropped.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .tenant_probe import PROBLEM_JSON, Probe, _fill_path, _plan, _request, operations

WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class ReadOnlyReport:
    probed: list[str] = field(default_factory=list)
    exempted: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


def database_fingerprint(db) -> str:
    """One digest of every document of every collection (what 'nothing was written' means)."""
    digest = hashlib.sha256()
    for name in sorted(db.list_collection_names()):
        for doc in sorted(json.dumps(d, sort_keys=True, default=str) for d in db[name].find()):
            digest.update(f"{name}\n{doc}\n".encode())
    return digest.hexdigest()


def probe_read_only(client, spec: dict, headers: dict, db, *, ids: dict[str, str] | None = None,
                    values: dict[str, str] | None = None, exempt: dict[str, str] | None = None) -> ReadOnlyReport:
    """Call every non-GET operation of `spec` with `headers`; each must answer a 403 problem."""
    exempt = exempt or {}
    probe = Probe(owner_tenant="", ids=dict(ids or {}), values=dict(values or {}))
    report = ReadOnlyReport()
    before = database_fingerprint(db)
    for method, path, operation in operations(spec):
        label = f"{method.upper()} {path}"
        if method not in WRITE_METHODS or not operation.get("security", [{}]):
            continue  # reads, and public operations (sign-in with client credentials, discovery)
        if label in exempt:
            report.exempted.append(f"{label}: {exempt[label]}")
            continue
        unknown, path_values, query, body = _plan(spec, method, path, operation, probe)
        path_values.update({name: f"probe-{name}" for name in unknown})
        answer = _request(client, method, _fill_path(path, path_values), query, body, headers)
        report.probed.append(f"{label} -> {answer.status_code}")
        if answer.status_code != 403:
            report.findings.append(f"{label}: answered {answer.status_code}, not 403")
        elif answer.mimetype != PROBLEM_JSON:
            report.findings.append(f"{label}: 403 without a problem-details body")
    if database_fingerprint(db) != before:
        report.findings.append("the database changed during the probe")
    return report
