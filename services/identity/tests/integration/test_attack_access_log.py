"""Attacks on the access log with write access to the real database (but not IDENTITY_ACCESS_LOG_KEY):
a deleted tail, a chain rewritten consistently with plain SHA-256, an edited or deleted head; each
reported by REST verify and by `kefu-identity verify-log` without the caller supplying a head."""
import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from identity.access_log import access_log_keys
from identity.cli import main as cli_main
from identity.domain import LEGACY_CHAIN, AccessLogEntry, LogKeys, append_entry, canonical
from kefulib.config import MissingSecret


@pytest.fixture
def reads(client, units, as_role):
    """Three reads in p1, so its log has three keyed entries and a signed head."""
    client.post("/units/1-1-101/owner", json={"since": "2024-03-01", "name": "王小明", "phone": "13812341234"},
                headers=as_role("p1", "cs_administrator"))
    for fields in ("name", "phone", "name"):
        assert client.get(f"/units/1-1-101/owner?purpose=customer_service&fields={fields}",
                          headers=as_role("p1", "cs_assistant")).status_code == 200


@pytest.fixture
def verify_both(client, as_role, app, monkeypatch, capsys):
    """The report from REST and from the CLI, which must agree."""
    settings = app.extensions["kefu"].settings
    monkeypatch.setenv("MONGO_URL", settings.mongo_url)
    monkeypatch.setenv("MONGO_DB", settings.mongo_db)

    def run(tenant="p1"):
        rest = client.post("/access-log/verify", json={}, headers=as_role(tenant, "project_manager"))
        assert rest.status_code == 200
        capsys.readouterr()
        status = cli_main(["verify-log", "--tenant", tenant])
        cli = json.loads(capsys.readouterr().out)
        report = rest.get_json()
        assert (status == 0) == report["ok"] and (cli["problem"], cli["first_bad_seq"]) == (
            report["problem"], report["first_bad_seq"])
        return report
    return run


def test_an_untouched_log_verifies_against_its_stored_head(db, reads, verify_both):
    report = verify_both()
    assert report["ok"] and report["stored_head"]["seq"] == 3 and report["stored_head"]["keyed_from"] == 1
    assert report["stored_head"]["hash"] == report["head"]["hash"]
    assert {e["chain"] for e in db.access_log.find({"tenant_id": "p1"})} == {2}


def test_attack_delete_tail_is_reported_without_a_caller_supplied_head(db, reads, verify_both):
    db.access_log.delete_many({"tenant_id": "p1", "seq": {"$gte": 2}})
    report = verify_both()
    assert (report["ok"], report["first_bad_seq"], report["problem"]) == (False, 2, "missing_entry")


def test_attack_rewrite_chain_consistently_with_plain_sha256(db, reads, verify_both):
    """The old chain's recipe: recompute every hash from the public genesis after hiding the phone read."""
    docs = list(db.access_log.find({"tenant_id": "p1"}).sort("seq", 1))
    previous = None
    for doc in docs:
        entry = AccessLogEntry.from_document({k: v for k, v in doc.items() if k != "chain"} | {"fields": ["name"]})
        forged = replace(entry, chain=LEGACY_CHAIN, prev_hash=previous.hash if previous else entry.prev_hash)
        forged = replace(forged, hash=hashlib.sha256((forged.prev_hash + canonical(forged.body())).encode()).hexdigest())
        db.access_log.replace_one({"_id": doc["_id"]}, {"_id": doc["_id"], **forged.to_document()})
        previous = forged
    report = verify_both()
    assert (report["ok"], report["first_bad_seq"], report["problem"]) == (False, 1, "not_keyed")
    # ... and forging the head to match the rewritten chain does not help without the key
    db.access_log_heads.update_one({"_id": "p1"}, {"$set": {"hash": previous.hash}})
    assert verify_both()["problem"] == "head_signature_invalid"


def test_attack_edit_head_document_to_hide_a_cut_tail(client, db, reads, verify_both, as_role):
    last = db.access_log.find_one({"tenant_id": "p1", "seq": 2})
    db.access_log.delete_one({"tenant_id": "p1", "seq": 3})
    db.access_log_heads.update_one({"_id": "p1"}, {"$set": {"seq": 2, "hash": last["hash"], "at": last["at"]}})
    report = verify_both()
    assert (report["ok"], report["first_bad_seq"], report["problem"]) == (False, None, "head_signature_invalid")
    # Nothing is appended on top of a forged head (that would re-sign it); the read is refused, 409.
    refused = client.get("/units/1-1-101/owner?purpose=customer_service", headers=as_role("p1", "cs_assistant"))
    assert refused.status_code == 409 and refused.mimetype == "application/problem+json"
    assert db.access_log.count_documents({"tenant_id": "p1"}) == 2


def test_attack_delete_head_document(client, db, reads, verify_both, as_role):
    db.access_log_heads.delete_one({"_id": "p1"})
    report = verify_both()
    assert (report["ok"], report["problem"]) == (False, "head_missing")
    refused = client.get("/units/1-1-101/owner?purpose=customer_service", headers=as_role("p1", "cs_assistant"))
    assert refused.status_code == 409 and db.access_log_heads.count_documents({}) == 0


def test_a_caller_supplied_head_is_still_an_extra_check(client, reads, as_role):
    manager = as_role("p1", "project_manager")
    report = client.post("/access-log/verify", json={"expected_head": {"seq": 3, "hash": "0" * 64}}, headers=manager)
    assert report.get_json()["problem"] == "hash_mismatch" and report.get_json()["first_bad_seq"] == 3


def test_a_legacy_log_is_anchored_once_by_the_cli_and_continues_keyed(client, db, units, as_role, verify_both,
                                                                      capsys):
    previous = None
    for seq in (1, 2):  # written by the old code: plain SHA-256, no `chain` field, no head
        previous = append_entry(previous, tenant_id="p1", at=datetime.now(UTC), actor="old", role="cs_assistant",
                                record_kind="owner_archive", record_id="own_old", fields=["name"],
                                purpose="customer_service")
        doc = previous.to_document()
        assert "chain" not in doc
        db.access_log.insert_one({"_id": f"p1:{seq}", **doc})
    assert verify_both()["problem"] == "head_missing"
    assert client.get("/contact-list", headers=as_role("p1", "security")).status_code == 409  # not yet anchored
    assert cli_main(["anchor-log", "--tenant", "p1"]) == 0
    assert json.loads(capsys.readouterr().out)["keyed_from"] == 3
    assert cli_main(["anchor-log", "--tenant", "p1"]) == 1  # once only
    assert client.get("/contact-list", headers=as_role("p1", "security")).status_code == 200
    report = verify_both()
    assert report["ok"] and report["entries_checked"] == 4 and report["stored_head"]["keyed_from"] == 3
    assert [d.get("chain") for d in db.access_log.find({"tenant_id": "p1"}).sort("seq", 1)] == [None, None, 2, 2]


def test_production_refuses_to_run_without_the_access_log_key(monkeypatch, settings_for):
    from identity.app import create_app
    monkeypatch.setenv("KEFU_ENV", "production")
    monkeypatch.delenv("IDENTITY_ACCESS_LOG_KEY", raising=False)
    with pytest.raises(MissingSecret, match="IDENTITY_ACCESS_LOG_KEY"):
        create_app(settings_for("identity"))
    monkeypatch.setenv("IDENTITY_ACCESS_LOG_KEY", "short")
    with pytest.raises(MissingSecret):
        access_log_keys()
    monkeypatch.setenv("IDENTITY_ACCESS_LOG_KEY", "x" * 40)
    assert access_log_keys() == LogKeys.derive("x" * 40) != LogKeys.derive("x" * 41)
