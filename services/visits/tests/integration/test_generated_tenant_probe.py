"""The cross-tenant probe generated from visits' OpenAPI document (see kefulib.testing.tenant_probe).

`world` (one of everything in p1) is reused; `owner` adds marker strings to p1's data so the probe can
also see a leak through the answers that aggregate a project's data (targets, quotas, the visitor log),
which carry names and unit ids rather than record ids.
"""
import pytest
from kefulib.messaging import Event
from kefulib.testing.read_only_probe import probe_read_only
from kefulib.testing.tenant_probe import Probe, Report, operations, probe_service
from visits.handlers import interviews

from .test_tenant_isolation_and_bad_input import world  # noqa: F401 - the fixture that makes one of everything in p1

ROLES = ["project_manager", "security_supervisor", "cs_supervisor"]  # every role an endpoint of visits asks for
MARKERS = {"customer": "p1-owner-marker-customer", "unit": "p1-owner-marker-unit",
           "interviewer": "p1-owner-marker-interviewer", "staff": "p1-owner-marker-staff",
           "visitor": "P1 Owner Marker Visitor"}
#: `entry_id` names two kinds of record; this one is probed in a pass of its own with the watch-list entry.
WATCH_ENTRY = "DELETE /watch-list/{entry_id}"


@pytest.fixture
def owner(client, db, auth, kit, world):  # noqa: F811
    """The world, plus p1 data carrying marker strings, all in the month the probe aims at (the month of
    p1's analysis report, so a monthly plan, a report and an interview of p1 all exist there)."""
    month = world["report"]
    headers = auth("p1", roles=["project_manager"])
    interviews.on_customer_classified(db, Event("identity.customer.classified", "p1", {
        "customer_id": MARKERS["customer"], "unit_id": MARKERS["unit"], "classes": ["owners_committee"],
        "tenure_band": "new"}), None)
    plan = client.put(f"/interview-plans/monthly/{month}", json={"interviews": [], "staff": {MARKERS["staff"]: "cs"}},
                      headers=headers)
    interview = client.post("/interviews", json={"unit_id": MARKERS["unit"], "customer_id": MARKERS["customer"],
                                                 "interviewed_at": f"{month}-15T10:00:00+08:00"},
                            headers=auth("p1", roles=["project_manager"], subject=MARKERS["interviewer"]))
    visitor = {"visitor_name": MARKERS["visitor"], "document_type": "id_card", "document_number": kit.CAROL,
               "unit_id": MARKERS["unit"]}
    call = client.post("/host-calls", json={**visitor, "given": True}, headers=headers)
    entry = client.post("/visitors/check-in", json=visitor, headers=headers)
    assert [plan.status_code, interview.status_code, call.status_code, entry.status_code] == [200, 201, 201, 201]
    return world


def _only(spec: dict, keep) -> dict:
    """`spec` with only the operations for which keep(label) is true."""
    paths = {}
    for method, path, operation in operations(spec):
        if keep(f"{method.upper()} {path}"):
            paths.setdefault(path, {})[method] = operation
    return {**spec, "paths": paths}


def _probe_every_operation(app, client, db, headers, data) -> tuple[Report, set[str]]:
    """Every operation, in three passes: the reads (before the intruder has written anything of its own in
    the months and years aimed at), the writes, and the watch-list entry (`entry_id` names two kinds of
    record). Returns the joint report and the labels of all secured operations."""
    spec = app.test_client().get("/openapi.json").get_json()  # the guarded client refuses it: it names document_number
    ids = {"entry_id": data["visitor"], "pre_id": data["pre"], "visit_id": data["visit"],
           "interview_id": data["interview"], "resource_id": data["resource"], "booking_id": data["booking"]}
    values = {"year": data["year"], "month": data["report"], "date": data["day"]}
    probe = Probe("p1", ids, values, secrets=set(MARKERS.values()))
    watch_probe = Probe("p1", {"entry_id": data["watch"]}, secrets=probe.secrets)
    passes = [(lambda label: label.startswith("GET "), probe),
              (lambda label: not label.startswith("GET ") and label != WATCH_ENTRY, probe),
              (lambda label: label == WATCH_ENTRY, watch_probe)]
    report = Report()
    for keep, pass_probe in passes:
        done = probe_service(client, _only(spec, keep), headers, pass_probe, db)
        report.probed += done.probed
        report.findings += done.findings
    secured = {f"{m.upper()} {p}" for m, p, op in operations(spec) if op.get("security", [{}])}
    return report, secured


def test_every_operation_answers_another_project_like_not_found(app, client, db, auth, kit, owner):
    intruder = auth("p2", scopes=kit.BOTH, roles=ROLES, subject="p2-intruder")
    report, secured = _probe_every_operation(app, client, db, intruder, owner)
    print("\n".join(report.probed))
    assert report.findings == []
    assert {line.split(" -> ")[0] for line in report.probed} == secured and len(report.probed) == len(secured)


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(app, client, db, auth, kit, owner):
    """The probe itself is checked: aimed with the owner's own token, it must see the records and the markers."""
    report, _ = _probe_every_operation(app, client, db, auth("p1", scopes=kit.BOTH, roles=ROLES), owner)
    carrying = {f.split(": answer carries")[0] for f in report.findings if ": answer carries the owner's" in f}
    assert {"GET /visitors/{entry_id}", "GET /pre-registrations/{pre_id}", "GET /return-visits/{visit_id}",
            "GET /interviews/{interview_id}", "GET /interview-reports/{month}", "GET /bookings/{booking_id}",
            "GET /bookable-resources/{resource_id}", "GET /visitors/log.csv", "GET /key-customers",
            "GET /interview-plans/monthly/{month}/targets", "GET /interview-quotas/{month}"} <= carrying
    assert "the owner's stored documents changed during the probe" in report.findings


def test_attack_the_hq_auditor_calls_every_non_get_operation(app, db, kit, token_factory, owner):
    """X-1: the HQ auditor reads and changes nothing; every write answers 403 and the database is unchanged."""
    client = app.test_client()
    spec = client.get("/openapi.json").get_json()
    auditor = token_factory.headers("p1", kit.BOTH, ["hq_auditor"], subject="hq-auditor", hq=True)
    ids = {"entry_id": owner["visitor"], "pre_id": owner["pre"], "visit_id": owner["visit"],
           "interview_id": owner["interview"], "resource_id": owner["resource"], "booking_id": owner["booking"]}
    report = probe_read_only(client, spec, auditor, db, ids=ids,
                             values={"year": owner["year"], "month": owner["report"], "date": owner["day"]})
    print("\n".join(report.probed))
    assert report.findings == [] and report.exempted == []
    assert {"POST /visitors/check-in -> 403", "PATCH /settings -> 403", f"{WATCH_ENTRY} -> 403"} <= set(report.probed)
    # `entry_id` also names watch-list entries: the real one is refused too, and stays listed.
    assert client.delete(f"/watch-list/{owner['watch']}", headers=auditor).status_code == 403
    assert db.watch_list.count_documents({"_id": owner["watch"]}) == 1
