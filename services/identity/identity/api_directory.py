"""REST endpoint for the names of the people a dispatcher can assign work to (handlers/directory.py)."""
from __future__ import annotations

from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.web import context

from .handlers import directory as directory_handlers
from .handlers.directory import DISPATCHERS
from .schemas import TechnicianList

directory = Blueprint("directory", __name__, description="Names of the people a dispatcher can assign work to.")


@directory.route("/staff/technicians", methods=["GET"])
@require(scopes=["identity:read"], roles=DISPATCHERS)
@directory.response(200, TechnicianList)
def technicians():
    return directory_handlers.technicians(context().db, current_principal().tenant_id)
