"""REST endpoints for a project's buildings, units, settings (handlers/units.py, settings.py) and staff accounts
(handlers/staff.py): thin views, each loading the request, calling one handler and dumping its answer."""
from __future__ import annotations

from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from .access import HQ_ADMIN, no_store, open_to_read_only_roles
from .domain import Role
from .handlers import settings as settings_handlers
from .handlers import staff as staff_handlers
from .handlers import units as unit_handlers
from .schemas import (
    BuildingIn,
    BuildingListQuery,
    BuildingOut,
    PasswordChangeIn,
    RoleIn,
    RoleRemoveQuery,
    SettingsIn,
    SettingsOut,
    StaffIn,
    StaffListQuery,
    StaffOut,
    UnitIn,
    UnitListQuery,
    UnitOut,
    page_schema,
)

project = Blueprint("project", __name__, description="Buildings and units (楼-层-房号) of a property project, "
                                                     "and its settings.")
people = Blueprint("staff", __name__, description="Staff accounts: one person, roles per project.")

UNIT_WRITERS = [Role.PROJECT_MANAGER.value, Role.CS_SUPERVISOR.value, Role.CS_ADMINISTRATOR.value,
                Role.INTEGRATION_CLIENT.value, HQ_ADMIN]
STAFF_ADMINS = [HQ_ADMIN, Role.PROJECT_MANAGER.value]
people.after_request(no_store)  # names and usernames of staff


@project.route("/buildings", methods=["POST"])
@require(scopes=["identity:write"], roles=UNIT_WRITERS)
@idempotent()
@project.arguments(BuildingIn)
@project.response(201, BuildingOut)
def create_building(body):
    return unit_handlers.create_building(context().db, current_principal(), body)


@project.route("/buildings", methods=["GET"])
@require(scopes=["identity:read"])
@project.arguments(BuildingListQuery, location="query")
@project.response(200, page_schema(BuildingOut, "BuildingPage"))
def list_buildings(query):
    return unit_handlers.list_buildings(context().db, current_principal().tenant_id, query)


@project.route("/units", methods=["POST"])
@require(scopes=["identity:write"], roles=UNIT_WRITERS)
@idempotent()
@project.arguments(UnitIn)
@project.response(201, UnitOut)
@project.doc(summary="Create a unit; publishes identity.unit.created.")
def create_unit(body):
    return unit_handlers.create_unit(context().db, current_principal(), body)


@project.route("/units", methods=["GET"])
@require(scopes=["identity:read"])
@project.arguments(UnitListQuery, location="query")
@project.response(200, page_schema(UnitOut, "UnitPage"))
def list_units(query):
    return unit_handlers.list_units(context().db, current_principal().tenant_id, query)


@project.route("/units/<unit_id>", methods=["GET"])
@require(scopes=["identity:read"])
@project.response(200, UnitOut)
def get_unit(unit_id):
    return unit_handlers.get_unit(context().db, current_principal().tenant_id, unit_id)


@project.route("/settings", methods=["GET"])
@require(scopes=["identity:read"])
@project.response(200, SettingsOut)
@project.doc(summary="The project's own settings (quality-check schedule); defaults are the handbook's numbers.")
def get_settings():
    return settings_handlers.get_settings(context().db, current_principal().tenant_id)


@project.route("/settings", methods=["PATCH"])
@require(scopes=["identity:admin"], roles=[Role.PROJECT_MANAGER.value, HQ_ADMIN])
@project.arguments(SettingsIn)
@project.response(200, SettingsOut)
def patch_settings(body):
    return settings_handlers.put_settings(context().db, current_principal().tenant_id, body)


# ---------------------------------------------------------------- staff

@people.route("/staff", methods=["POST"])
@require(scopes=["identity:admin"], roles=STAFF_ADMINS)
@idempotent()
@people.arguments(StaffIn)
@people.response(201, StaffOut)
@people.doc(summary="Create a staff account (password checked against the blocklist, stored as argon2).")
def create_staff(body):
    return staff_handlers.create_staff(context().db, current_principal(), body)


@people.route("/staff", methods=["GET"])
@require(scopes=["identity:admin"], roles=STAFF_ADMINS)
@people.arguments(StaffListQuery, location="query")
@people.response(200, page_schema(StaffOut, "StaffPage"))
def list_staff(query):
    return staff_handlers.list_staff(context().db, current_principal(), query)


@people.route("/staff/me", methods=["GET"])
@require(scopes=["identity:read"])
@people.response(200, StaffOut)
def get_me():
    return staff_handlers.get_me(context().db, current_principal())


@people.route("/staff/me/password", methods=["POST"])
@open_to_read_only_roles("the caller's own password: a read-only person must still be able to change it")
@require(scopes=["identity:read"])
@people.arguments(PasswordChangeIn)
@people.response(204)
@people.doc(summary="Change your password; every sign-in session of yours ends.")
def change_password(body):
    staff_handlers.change_password(context().db, current_principal(), body)


@people.route("/staff/<person_id>", methods=["GET"])
@require(scopes=["identity:admin"], roles=STAFF_ADMINS)
@people.response(200, StaffOut)
def get_staff(person_id):
    return staff_handlers.get_staff(context().db, current_principal(), person_id)


@people.route("/staff/<person_id>/roles", methods=["POST"])
@require(scopes=["identity:admin"], roles=STAFF_ADMINS)
@people.arguments(RoleIn)
@people.response(200, StaffOut)
@people.doc(summary="Give a person a role in this project (HQ: in any project, or an HQ role).")
def add_role(body, person_id):
    return staff_handlers.add_role(context().db, current_principal(), person_id, body)


@people.route("/staff/<person_id>/roles/<role>", methods=["DELETE"])
@require(scopes=["identity:admin"], roles=STAFF_ADMINS)
@people.arguments(RoleRemoveQuery, location="query")
@people.response(200, StaffOut)
def remove_role(query, person_id, role):
    return staff_handlers.remove_role(context().db, current_principal(), person_id, role, query["project_id"])
