"""identity's collections and the indexes it needs."""
from kefulib.idempotency import IDEMPOTENCY_INDEXES
from kefulib.messaging import INBOX_INDEXES, OUTBOX_INDEXES
from kefulib.store import IndexSpec

TENANTS = "tenants"
CLIENTS = "oauth_clients"
SIGNING_KEYS = "signing_keys"
STAFF = "staff"
LOGIN_ATTEMPTS = "login_attempts"
AUTH_FAILURES = "auth_failures"  # failed client authentication and sign-ins per client id / source (throttling.py)
REFRESH_TOKENS = "refresh_tokens"
BUILDINGS = "buildings"
UNITS = "units"
OWNER_ARCHIVES = "owner_archives"
OWNERSHIPS = "ownerships"
RESIDENT_ARCHIVES = "resident_archives"
APPROVALS = "archive_approvals"
ACCESS_LOG = "access_log"
# Each project's signed log head ({seq, hash, at, keyed_from, signature}, _id = project). No project
# endpoint reads or writes it; only append_access_log (in the append's transaction) and verify do.
ACCESS_LOG_HEADS = "access_log_heads"
UNIT_DOCUMENTS = "unit_documents"
CUSTOMERS = "customer_profiles"
IMPORTANT_EVENTS = "important_events"
QUALITY_CHECKS = "quality_checks"
PROJECT_SETTINGS = "project_settings"
# The staff console's sign-in (sign_in.py): codes (SHA-256, single use, 5 min) and the step between
# a verified password and the choice of project (5 min). Both global: no project is chosen yet.
AUTHORIZATION_CODES = "authorization_codes"
PENDING_SIGN_INS = "pending_sign_ins"

LOGIN_ATTEMPT_RETENTION_SECONDS = 30 * 24 * 3600

# Global by nature, so not sharded (kefulib.sharding): small, read before any project is known (sign-in, token
# checks), kept on the database's primary shard. Every other collection is sharded by project.
_BEFORE_A_PROJECT = "read at sign-in or token issue, before any project is chosen; small"
UNSHARDED = {
    TENANTS: "the list of projects itself: one document per project, looked up by code",
    CLIENTS: "OAuth clients, looked up by client id at token issue, before the token names a project; small",
    STAFF: "a person is one account across projects (unique username); " + _BEFORE_A_PROJECT,
    SIGNING_KEYS: "the platform's few JWT signing keys, read by every service's JWKS fetch",
    LOGIN_ATTEMPTS: "sign-in throttling by username; " + _BEFORE_A_PROJECT,
    AUTH_FAILURES: "client and sign-in throttling by client id or source; " + _BEFORE_A_PROJECT,
    REFRESH_TOKENS: "a session's refresh token, looked up by session; " + _BEFORE_A_PROJECT,
    AUTHORIZATION_CODES: "the console's single-use sign-in codes (5 min); " + _BEFORE_A_PROJECT,
    PENDING_SIGN_INS: "the step between password and project choice (5 min); " + _BEFORE_A_PROJECT,
}

INDEXES = [
    *IDEMPOTENCY_INDEXES,  # retried creating POSTs (Idempotency-Key)
    # Tenants and clients are looked up before any tenant is known (sign-in), so these are global.
    IndexSpec(TENANTS, [("code", 1)], unique=True, tenant_scoped=False, name="tenant_code_unique"),
    IndexSpec(CLIENTS, [("tenant_id", 1), ("created_at", -1)], name="clients_by_tenant"),
    IndexSpec(SIGNING_KEYS, [("generation", 1)], unique=True, tenant_scoped=False, name="key_generation_unique"),
    # A person is one account across projects; roles say where they act.
    IndexSpec(STAFF, [("username", 1)], unique=True, tenant_scoped=False, name="staff_username_unique"),
    IndexSpec(STAFF, [("assignments.scope_id", 1), ("username", 1)], tenant_scoped=False, name="staff_by_scope"),
    IndexSpec(LOGIN_ATTEMPTS, [("username", 1), ("at", 1)], tenant_scoped=False, name="login_attempts_by_user"),
    IndexSpec(LOGIN_ATTEMPTS, [("at", 1)], tenant_scoped=False, name="login_attempts_ttl",
              expire_after_seconds=LOGIN_ATTEMPT_RETENTION_SECONDS),
    IndexSpec(AUTH_FAILURES, [("key", 1), ("at", 1)], tenant_scoped=False, name="auth_failures_by_key"),
    IndexSpec(AUTH_FAILURES, [("at", 1)], tenant_scoped=False, name="auth_failures_ttl", expire_after_seconds=2 * 24 * 3600),
    IndexSpec(REFRESH_TOKENS, [("session_id", 1)], tenant_scoped=False, name="refresh_tokens_by_session"),
    IndexSpec(REFRESH_TOKENS, [("expires_at", 1)], tenant_scoped=False, name="refresh_tokens_ttl",
              expire_after_seconds=7 * 24 * 3600),
    IndexSpec(BUILDINGS, [("tenant_id", 1), ("code", 1)], unique=True, name="building_code_unique"),
    IndexSpec(UNITS, [("tenant_id", 1), ("unit_id", 1)], unique=True, name="unit_id_unique"),
    IndexSpec(UNITS, [("tenant_id", 1), ("building", 1), ("floor", 1), ("room", 1)], name="units_by_building"),
    IndexSpec(OWNER_ARCHIVES, [("tenant_id", 1), ("unit_id", 1)], name="owner_archives_by_unit"),
    IndexSpec(OWNERSHIPS, [("tenant_id", 1), ("unit_id", 1), ("valid_from", 1)], name="ownerships_by_unit"),
    IndexSpec(RESIDENT_ARCHIVES, [("tenant_id", 1), ("unit_id", 1), ("superseded_at", 1)], name="residents_by_unit"),
    IndexSpec(APPROVALS, [("tenant_id", 1), ("requester", 1), ("status", 1)], name="approvals_by_requester"),
    IndexSpec(APPROVALS, [("tenant_id", 1), ("created_at", -1)], name="approvals_recent"),
    # One chain per project: two writers racing for a seq fail loudly instead of forking it.
    IndexSpec(ACCESS_LOG, [("tenant_id", 1), ("seq", 1)], unique=True, name="access_log_seq_unique"),
    IndexSpec(ACCESS_LOG, [("tenant_id", 1), ("record_id", 1), ("seq", -1)], name="access_log_by_record"),
    IndexSpec(UNIT_DOCUMENTS, [("tenant_id", 1), ("unit_id", 1), ("kind", 1)], unique=True, name="unit_documents_unique"),
    IndexSpec(CUSTOMERS, [("tenant_id", 1), ("unit_id", 1)], name="customers_by_unit"),
    IndexSpec(CUSTOMERS, [("tenant_id", 1), ("classes", 1)], name="customers_by_class"),
    IndexSpec(IMPORTANT_EVENTS, [("tenant_id", 1), ("status", 1), ("created_at", -1)], name="important_events_by_status"),
    IndexSpec(QUALITY_CHECKS, [("tenant_id", 1), ("created_at", -1)], name="quality_checks_recent"),
    IndexSpec(AUTHORIZATION_CODES, [("expires_at", 1)], tenant_scoped=False, name="authorization_codes_ttl",
              expire_after_seconds=0),
    IndexSpec(PENDING_SIGN_INS, [("expires_at", 1)], tenant_scoped=False, name="pending_sign_ins_ttl",
              expire_after_seconds=0),
    *OUTBOX_INDEXES,
    *INBOX_INDEXES,  # renovation's events, once each (consumers.py)
]
