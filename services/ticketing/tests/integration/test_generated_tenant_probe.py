"""The cross-tenant probe generated from ticketing's OpenAPI document (see kefulib.testing.tenant_probe)."""
from kefulib.testing.read_only_probe import probe_read_only
from kefulib.testing.tenant_probe import Probe, probe_service

from .test_isolation_and_input import ids  # noqa: F401 - the fixture that makes one of everything in p1


def test_every_operation_answers_another_project_like_not_found(client, db, as_, ids):  # noqa: F811
    spec = client.get("/openapi.json").get_json()
    intruder = as_("p2", "cs-9", "cs_assistant", "project_manager", "supervisor", "engineer")
    probe = Probe(owner_tenant="p1", ids={"ticket_id": ids["ticket"], "record_id": ids["record"],
                                          "handover_id": ids["handover"], "attachment_id": ids["attachment"]},
                  values={"action": "dispatch", "month": "2026-11", "kind": "photo"})
    report = probe_service(client, spec, intruder, probe, db)
    print("\n".join(report.probed))
    assert report.findings == []


def test_the_probe_reports_an_operation_that_answers_with_the_owners_data(client, db, as_, ids):  # noqa: F811
    """The probe itself is checked: aimed with the owner's own token, it must see the records."""
    spec = client.get("/openapi.json").get_json()
    owner = as_("p1", "cs-1", "cs_assistant", "project_manager")
    probe = Probe(owner_tenant="p1", ids={"ticket_id": ids["ticket"], "record_id": ids["record"],
                                          "handover_id": ids["handover"], "attachment_id": ids["attachment"]},
                  values={"action": "dispatch", "month": "2026-11", "kind": "photo"})
    findings = probe_service(client, spec, owner, probe, db).findings
    assert any(f.startswith("GET /tickets/{ticket_id}: answer carries the owner's") for f in findings)
    assert any(f.startswith("GET /tickets/board: answer carries the owner's") for f in findings)  # the board's read
    assert "the owner's stored documents changed during the probe" in findings


def test_attack_the_hq_auditor_calls_every_non_get_operation(client, db, token_factory, ids):  # noqa: F811
    """X-1: the HQ auditor reads and changes nothing; every write answers 403 and the database is unchanged."""
    spec = client.get("/openapi.json").get_json()
    auditor = token_factory.headers("p1", ["ticketing:read", "ticketing:write"], ["hq_auditor"],
                                    subject="hq-auditor", hq=True)
    report = probe_read_only(client, spec, auditor, db,
                             ids={"ticket_id": ids["ticket"], "record_id": ids["record"],
                                  "handover_id": ids["handover"], "attachment_id": ids["attachment"]},
                             values={"action": "dispatch", "month": "2026-11", "kind": "photo"})
    print("\n".join(report.probed))
    assert report.findings == [] and report.exempted == []
    assert "POST /tickets -> 403" in report.probed and "PUT /settings/sla -> 403" in report.probed
