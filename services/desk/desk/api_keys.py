"""The key register's REST endpoints 钥匙登记: thin views over handlers.keys and handlers.key_counts."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import PageQuery, context

from . import schemas_keys as s
from .handlers import key_counts, keys

READ, WRITE = ["desk:read"], ["desk:write"]

keys_blp = Blueprint("keys", __name__, description="Key register 钥匙登记: keys, owners' authorisations, sign-outs, "
                                                   "returns and the shift count (DK-2).")
BLUEPRINTS = [keys_blp]


def _db():
    return context().db


@keys_blp.route("/keys", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@keys_blp.arguments(s.KeyIn)
@keys_blp.response(201, s.KeyOut)
def create_key(body):
    """Register a key on its hook (a unit's spare key names its unit)."""
    return keys.create_key(_db(), current_principal(), body)


@keys_blp.route("/keys", methods=["GET"])
@require(scopes=READ)
@keys_blp.arguments(s.KeyQuery, location="query")
@keys_blp.response(200, s.KeyPage)
def list_keys(query):
    """The register; `overdue=true` lists keys out past their expected return. Holders' phones masked."""
    return keys.list_keys(_db(), current_principal().tenant_id, query)


@keys_blp.route("/keys/<key_id>", methods=["GET"])
@require(scopes=READ)
@keys_blp.response(200, s.KeyOut)
def get_key(key_id):
    return keys.get_key(_db(), current_principal().tenant_id, key_id)


@keys_blp.route("/keys/<key_id>/authorisation", methods=["PUT"])
@require(scopes=WRITE)
@keys_blp.arguments(s.AuthorisationIn)
@keys_blp.response(200, s.KeyOut)
@keys_blp.alt_response(409, description="`reason_code` not_an_owner_key: only a unit's spare key has one.")
def record_authorisation(body, key_id):
    """The owner's written authorisation 授权书: who may take the unit's key, until when (replaces the last one)."""
    return keys.record_authorisation(_db(), current_principal(), key_id, body)


@keys_blp.route("/keys/<key_id>/sign-outs", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@keys_blp.arguments(s.SignOutIn)
@keys_blp.response(201, s.LoanOut)
@keys_blp.alt_response(409, description="Refused; `reason_code`: key_already_out, no_authorisation, "
                                        "authorisation_expired, holder_not_authorised, staff_only, key_handed_over.")
def sign_out(body, key_id):
    """Sign the key out 借出: a unit's key only to a person its authorisation names, the project's keys to staff."""
    return keys.sign_out(_db(), current_principal(), key_id, body)


@keys_blp.route("/keys/<key_id>/return", methods=["POST"])
@require(scopes=WRITE)
@keys_blp.arguments(s.ReturnIn)
@keys_blp.response(200, s.LoanOut)
@keys_blp.alt_response(409, description="`reason_code` key_not_out.")
def sign_in(body, key_id):
    """The key is back on its hook 归还: its loan is closed."""
    return keys.sign_in(_db(), current_principal(), key_id, body)


@keys_blp.route("/keys/<key_id>/loans", methods=["GET"])
@require(scopes=READ)
@keys_blp.arguments(PageQuery, location="query")
@keys_blp.response(200, s.LoanPage)
def list_loans(query, key_id):
    """Every sign-out of the key, newest first."""
    return keys.list_loans(_db(), current_principal().tenant_id, key_id, query)


@keys_blp.route("/key-counts", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@keys_blp.arguments(s.CountIn)
@keys_blp.response(201, s.CountOut)
def record_count(body):
    """The keys counted present at a hand-over 交接班 (TK-12): which are out, overdue, missing."""
    return key_counts.record_count(_db(), current_principal(), body)


@keys_blp.route("/key-counts", methods=["GET"])
@require(scopes=READ)
@keys_blp.arguments(PageQuery, location="query")
@keys_blp.response(200, s.CountPage)
def list_counts(query):
    return key_counts.list_counts(_db(), current_principal().tenant_id, query)


@keys_blp.route("/key-counts/<count_id>", methods=["GET"])
@require(scopes=READ)
@keys_blp.response(200, s.CountOut)
def get_count(count_id):
    return key_counts.get_count(_db(), current_principal().tenant_id, count_id)
