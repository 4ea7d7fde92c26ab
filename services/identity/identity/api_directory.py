"""Who can be sent to a job: the project's technicians by name, for the people who dispatch.

The full staff list (GET /staff) is for staff administrators only; dispatchers need no more than a
technician's id and name to assign a ticket, so that is all this list shows.
"""
from __future__ import annotations

from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.web import context
from marshmallow import Schema, fields

from .domain import Role
from .store import STAFF

DISPATCHERS = [r.value for r in (Role.ENGINEERING_SUPERVISOR, Role.CS_SUPERVISOR, Role.CS_ADMINISTRATOR,
                                 Role.CS_ASSISTANT, Role.DUTY_OFFICER, Role.PROJECT_MANAGER)]

directory = Blueprint("directory", __name__, description="Names of the people a dispatcher can assign work to.")


class TechnicianOut(Schema):
    id = fields.String(attribute="_id")
    username = fields.String()
    name = fields.String()


class TechnicianList(Schema):
    items = fields.List(fields.Nested(TechnicianOut))


@directory.route("/staff/technicians", methods=["GET"])
@require(scopes=["identity:read"], roles=DISPATCHERS)
@directory.response(200, TechnicianList)
def technicians():
    project = current_principal().tenant_id
    found = context().db[STAFF].find(
        {"assignments": {"$elemMatch": {"scope_id": project, "role": Role.TECHNICIAN.value}}, "disabled": {"$ne": True}},
        {"username": 1, "name": 1}).sort("username", 1).limit(500)
    return {"items": list(found)}
