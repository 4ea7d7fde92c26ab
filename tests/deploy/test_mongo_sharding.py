"""MongoDB at scale (issue 19): every collection the code uses has a shard key led by tenant_id (or a stated reason
to stay unsharded), the shard script's plan is complete, and every query a test run sends names its tenant, so
on a sharded cluster it goes to one shard. See kefulib/sharding.py and the README's "Scaling MongoDB"."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kefulib import sharding
from kefulib.testing import query_log

from deploy.mongo import shard_setup

ROOT = Path(__file__).parents[2]
SERVICES = shard_setup.SERVICES

# The queries that go to every shard on purpose: each says why. Anything else without tenant_id fails the test.
_CLAIM = "a worker's claim of the next due row of any project (each shard answers from its own index); what it then " \
         "does to that row names its tenant"
_HQ = "HQ's view over every project (a project's own reads name it), each shard answering from its own index"
_REBUILD = "an operator's repair of every project's month roll-up at once (rebuild without --project): rare, off " \
           "the request path"
_SCAN = "a periodic job over every project's due rows, through an index on the due time on every shard"
ALL_SHARDS = {
    ("outbox", "kefulib/messaging/relay.py:_claim_one"): _CLAIM,
    ("deliveries", "webhooks/webhooks/sender.py:_claim"): _CLAIM,
    ("deliveries", "notifications/notifications/handlers/deliveries.py:_claim"): _CLAIM,
    ("deliveries", "notifications/notifications/handlers/deliveries.py:apply_receipts"):
        "an SMS provider's delivery receipt names only its message id (index provider_message_id)",
    ("audit_trail", "kefulib/audit_api.py:_page"): _HQ,
    ("tickets", "ticketing/ticketing/api_hq.py:escalated_tickets"): _HQ,
    ("non_conformance_records", "ticketing/ticketing/api_hq.py:awaiting_hq_approval"): _HQ,
    ("ledger_entries", "billing/billing/handlers/statements.py:hq_revenue"): _HQ,
    ("ledger_entries", "billing/billing/handlers/statements.py:_journal_revenue"): _HQ,  # a period's cut month
    ("revenue_month_rollup", "billing/billing/handlers/revenue_rollup.py:stored"): _HQ,
    ("ticket_month_rollup", "ticketing/ticketing/handlers/rollup.py:stored"): _HQ,
    ("ticket_month_deltas", "ticketing/ticketing/handlers/rollup.py:stored"): _HQ,
    ("ticket_month_deltas", "ticketing/ticketing/handlers/rollup.py:fold"):
        "the worker folding any project's deltas into their rows, a batch at a time (the rows it writes name the tenant)",
    ("ticket_month_deltas", "ticketing/ticketing/handlers/rollup.py:rebuild"): _REBUILD,
    ("tickets", "ticketing/ticketing/api_hq.py:hq_tickets"): _HQ,  # the dashboard's drill-down and export
    ("ledger_entries", "billing/billing/handlers/revenue_rollup.py:from_journal"): _REBUILD,
    ("revenue_month_rollup", "billing/billing/handlers/revenue_rollup.py:rebuild"): _REBUILD,
    ("tickets", "ticketing/ticketing/handlers/rollup.py:from_tickets"): _REBUILD,
    ("ticket_month_rollup", "ticketing/ticketing/handlers/rollup.py:rebuild"): _REBUILD,
    ("tickets", "ticketing/ticketing/handlers/sla.py:scan_breaches"): _SCAN,
    ("keys", "desk/desk/handlers/key_counts.py:flag_overdue_keys"): _SCAN,
    ("return_visits", "visits/visits/handlers/return_visits.py:flag_overdue"): _SCAN,
    ("applications", "renovation/renovation/handlers/review_clock.py:scan_overdue"): _SCAN,
}
# Sharded on something other than the tenant, and queried by that key.
OTHER_KEY = {"ticket_attachment_blobs.chunks": "GridFS chunks, sharded and read by files_id (MongoDB's key)"}

# A run over every service's endpoints (the generated tenant probes), every consumer (the contract tests), every
# service's audited writes, the traced cross-service flow, the workers' jobs and HQ's lists: what the code sends to
# MongoDB in all of them (about four minutes on the shared 2-core machine).
QUERY_RUN = [
    *(f"services/{s}/tests/integration/test_generated_tenant_probe.py" for s in SERVICES),
    *(f"services/{s}/tests/integration/test_consumer_contracts.py" for s in SERVICES),
    "tests/audit/test_audit_trail.py",
    "tests/observability/test_tracing.py",
    # The workers' jobs and HQ's lists, which the probes do not reach.
    "services/ticketing/tests/integration/test_escalations_and_hq_lists.py",
    "services/ticketing/tests/integration/test_hq_dashboard_reports.py",
    "services/ticketing/tests/integration/test_hq_month_rollup.py",
    "services/ticketing/tests/integration/test_hq_ticket_read.py",
    "services/visits/tests/integration/test_return_visit_scheduling.py",
    "services/renovation/tests/integration/test_review_sla.py",
    "services/desk/tests/integration/test_key_register.py",
    "services/billing/tests/integration/test_statements.py",
    "services/notifications/tests/integration/test_escalations.py",
    "services/identity/tests/integration/test_clients_and_tokens.py",
]


@pytest.fixture(scope="module")
def plans():
    return {service: shard_setup.service_plan(service) for service in SERVICES}


def test_every_collection_a_service_names_has_a_shard_key_or_a_reason(plans):
    for service, planned in plans.items():
        missing = shard_setup.service_collections(service) - set(planned)
        assert not missing, f"{service}: no plan for {missing}"
        assert not sharding.check(planned, shard_setup.service_indexes(service)), service
        for name, entry in planned.items():
            if isinstance(entry, sharding.Unsharded):
                assert len(entry.why) > 20, f"{service}.{name}: say why it stays unsharded"
                continue
            assert entry.tenant_led or name in OTHER_KEY, f"{service}.{name}: {entry.key} is not led by tenant_id"
            assert all(direction == 1 for _, direction in entry.key), f"{service}.{name}: a shard key is ascending"
    # The global ones are identity's sign-in collections and GridFS metadata, nothing else.
    unsharded = {f"{s}.{n}" for s, p in plans.items() for n, e in p.items() if isinstance(e, sharding.Unsharded)}
    assert unsharded == {"identity.tenants", "identity.oauth_clients", "identity.staff", "identity.signing_keys",
                         "identity.login_attempts",
                         "identity.auth_failures", "identity.refresh_tokens", "identity.authorization_codes",
                         "identity.pending_sign_ins", "ticketing.ticket_attachment_blobs.files"}


def test_the_dry_run_shards_every_planned_collection_and_pins_a_zone_in_each(plans):
    rendered = shard_setup.render(SERVICES, "kefu_", {"p-big": "shard-b"})
    commands = rendered["commands"]
    assert commands[0] == {"addShardToZone": "shard-b", "zone": "project-p-big"}
    sharded = {c["shardCollection"]: c["key"] for c in commands if "shardCollection" in c}
    zoned = {c["updateZoneKeyRange"]: (c["min"], c["max"]) for c in commands if "updateZoneKeyRange" in c}
    for service, planned in plans.items():
        assert {"enableSharding": f"kefu_{service}"} in commands
        for name, entry in planned.items():
            namespace = f"kefu_{service}.{name}"
            if isinstance(entry, sharding.Unsharded):
                assert namespace not in sharded
                continue
            assert sharded[namespace] == entry.key_document
            if entry.tenant_led:
                low, high = zoned[namespace]
                assert low["tenant_id"] == "p-big" and list(low) == list(entry.key_document)
                assert high["tenant_id"].startswith("p-big") and low != high
    assert rendered["databases"]["kefu_ticketing"]["tickets"] == {
        "key": {"tenant_id": 1, "_id": 1}, "why": "tenant-led: one project's documents on one shard"}
    printed = subprocess.run([sys.executable, "-m", "deploy.mongo.shard_setup", "--dry-run", "--zone", "p1=s1"],
                             capture_output=True, text=True, cwd=ROOT, env=_env(), check=True).stdout
    assert json.loads(printed)["databases"].keys() == {f"kefu_{s}" for s in SERVICES}


def test_every_query_of_a_test_run_names_its_tenant(plans, mongo_url, tmp_path):
    log = tmp_path / "queries.jsonl"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", *QUERY_RUN],
                         cwd=ROOT, env={**_env(), query_log.SETTING: str(log), "MONGO_URL": mongo_url},
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    queries = [json.loads(line) for line in log.read_text().splitlines()]
    seen, untargeted = set(), []
    for query in queries:
        planned = plans.get(query["service"], {})
        if query["service"] not in plans:  # a test's own made-up database
            continue
        entry = planned.get(query["collection"])
        assert entry is not None, f"{query}: a collection the code uses has no shard plan"
        seen.add((query["service"], query["collection"]))
        if isinstance(entry, sharding.Unsharded) or query["collection"] in OTHER_KEY or query["tenant"]:
            continue
        if (query["collection"], query["caller"]) not in ALL_SHARDS:
            untargeted.append(f"{query['service']}.{query['collection']} {query['command']} from {query['caller']}")
    assert not untargeted, "queries without tenant_id (they would go to every shard):\n" + "\n".join(untargeted)
    # The run really went through the platform: every service, most of its collections.
    assert {service for service, _ in seen} == set(SERVICES)
    planned_count = sum(len(p) for p in plans.values())
    assert len(seen) >= planned_count * 0.6, f"only {len(seen)} of {planned_count} collections were queried"


def _env() -> dict:
    paths = [ROOT / "libs", *sorted((ROOT / "services").iterdir()), ROOT / "console", ROOT]
    return {**os.environ, "PYTHONPATH": os.pathsep.join([*map(str, paths), os.environ.get("PYTHONPATH", "")])}
