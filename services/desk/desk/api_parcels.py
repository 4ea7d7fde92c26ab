"""Parcels, mail and newspapers' REST endpoints 包裹/邮件/报纸: thin views over handlers.parcels."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from . import schemas_parcels as s
from .config import DeskConfig
from .handlers import parcels

READ, WRITE = ["desk:read"], ["desk:write"]
# Who may lift a wrong-code lock: the people answerable for the desk.
UNLOCK_ROLES = ["cs_supervisor", "project_manager"]

parcels_blp = Blueprint("parcels", __name__, description="Parcels, mail, newspapers 包裹/邮件/报纸: received, "
                                                         "picked up by code or signature, unclaimed, shelves (DK-3).")
BLUEPRINTS = [parcels_blp]


def _db():
    return context().db


def _code_key() -> bytes:
    return DeskConfig.of(context().settings).pickup_code_key.encode()


@parcels_blp.route("/parcels", methods=["POST"])
@require(scopes=WRITE)
@idempotent(withhold=("pickup_code",))
@parcels_blp.arguments(s.ParcelIn)
@parcels_blp.response(201, s.ReceivedOut)
def receive(body):
    """Record what arrived; the answer carries the 6-digit pickup code, once. Publishes desk.parcel.received."""
    return parcels.receive(_db(), current_principal(), _code_key(), body,
                           DeskConfig.of(context().settings).pickup_seal_key)


@parcels_blp.route("/parcels", methods=["GET"])
@require(scopes=READ)
@parcels_blp.arguments(s.ParcelQuery, location="query")
@parcels_blp.response(200, s.ParcelPage)
def list_parcels(query):
    """Newest first; `unclaimed=true` lists those waiting longer than the project's days (default 7)."""
    return parcels.list_parcels(_db(), current_principal().tenant_id, query)


@parcels_blp.route("/parcels/shelf-count", methods=["GET"])
@require(scopes=READ)
@parcels_blp.response(200, s.ShelfCountOut)
def shelf_count():
    """The daily count: what should be on each shelf now."""
    return parcels.shelf_count(_db(), current_principal().tenant_id)


@parcels_blp.route("/parcels/<parcel_id>", methods=["GET"])
@require(scopes=READ)
@parcels_blp.response(200, s.ParcelOut)
def get_parcel(parcel_id):
    return parcels.get_parcel(_db(), current_principal().tenant_id, parcel_id)


@parcels_blp.route("/parcels/<parcel_id>/pickup-by-code", methods=["POST"])
@require(scopes=WRITE)
@parcels_blp.arguments(s.CodePickupIn)
@parcels_blp.response(200, s.ParcelOut)
@parcels_blp.alt_response(409, description="`reason_code` wrong_pickup_code (with attempts_left), parcel_locked "
                                           "(after 5 wrong codes), already_picked_up.")
def pick_up_with_code(body, parcel_id):
    """Hand over against the pickup code 取件码."""
    return parcels.pick_up_with_code(_db(), current_principal(), _code_key(), parcel_id, body)


@parcels_blp.route("/parcels/<parcel_id>/pickup-by-signature", methods=["POST"])
@require(scopes=WRITE)
@parcels_blp.arguments(s.SignaturePickupIn)
@parcels_blp.response(200, s.ParcelOut)
@parcels_blp.alt_response(409, description="`reason_code` parcel_locked, already_picked_up.")
def pick_up_with_signature(body, parcel_id):
    """The code is lost: hand over against a signature (name + ID last 4), with the reason."""
    return parcels.pick_up_with_signature(_db(), current_principal(), parcel_id, body)


@parcels_blp.route("/parcels/<parcel_id>/unlock", methods=["POST"])
@require(scopes=WRITE, roles=UNLOCK_ROLES)
@parcels_blp.arguments(s.UnlockIn)
@parcels_blp.response(200, s.ParcelOut)
@parcels_blp.alt_response(409, description="`reason_code` not_locked.")
def unlock(body, parcel_id):
    """A supervisor lifts the wrong-code lock (the count starts again)."""
    return parcels.unlock(_db(), current_principal(), parcel_id, body)
