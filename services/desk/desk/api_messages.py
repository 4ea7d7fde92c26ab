"""Phone messages 电话留言, items held 代管物品 and the desk's settings over REST: thin views."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from . import schemas_messages as s
from .handlers import common, held_items, phone_messages

READ, WRITE = ["desk:read"], ["desk:write"]
SETTINGS_ROLES = ["project_manager", "cs_supervisor"]

messages_blp = Blueprint("phone_messages", __name__, description="Phone messages 电话留言: left → delivered → "
                                                                 "acknowledged (DK-4).")
items_blp = Blueprint("held_items", __name__, description="Items held at the desk 代管物品 (DK-4).")
settings_blp = Blueprint("desk_settings", __name__, description="The project's desk settings.")
BLUEPRINTS = [messages_blp, items_blp, settings_blp]


def _db():
    return context().db


@messages_blp.route("/phone-messages", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@messages_blp.arguments(s.MessageIn)
@messages_blp.response(201, s.MessageOut)
def take_message(body):
    """A caller's message for a staff member or a department."""
    return phone_messages.take(_db(), current_principal(), body)


@messages_blp.route("/phone-messages", methods=["GET"])
@require(scopes=READ)
@messages_blp.arguments(s.MessageQuery, location="query")
@messages_blp.response(200, s.MessagePage)
def list_messages(query):
    """Newest call first; `for_me=true` for the signed-in person's. Callback phones masked."""
    return phone_messages.list_messages(_db(), current_principal(), query)


@messages_blp.route("/phone-messages/<message_id>", methods=["GET"])
@require(scopes=READ)
@messages_blp.response(200, s.MessageOut)
def get_message(message_id):
    return phone_messages.get_message(_db(), current_principal().tenant_id, message_id)


@messages_blp.route("/phone-messages/<message_id>/deliver", methods=["POST"])
@require(scopes=WRITE)
@messages_blp.arguments(s.DeliverIn)
@messages_blp.response(200, s.MessageOut)
@messages_blp.alt_response(409, description="`reason_code` already_delivered.")
def deliver(body, message_id):
    """Passed on to the person: who it was given to."""
    return phone_messages.deliver(_db(), current_principal(), message_id, body)


@messages_blp.route("/phone-messages/<message_id>/acknowledge", methods=["POST"])
@require(scopes=WRITE)
@messages_blp.arguments(s.EmptyIn)
@messages_blp.response(200, s.MessageOut)
@messages_blp.alt_response(409, description="`reason_code` not_the_addressee.")
def acknowledge(body, message_id):
    """The person it is for has it (twice changes nothing)."""
    return phone_messages.acknowledge_message(_db(), current_principal(), message_id)


@items_blp.route("/held-items", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@items_blp.arguments(s.HeldItemIn)
@items_blp.response(201, s.HeldItemOut)
def receive_item(body):
    """An item left at the desk for a unit or a person, and where it is kept."""
    return held_items.receive(_db(), current_principal(), body)


@items_blp.route("/held-items", methods=["GET"])
@require(scopes=READ)
@items_blp.arguments(s.HeldItemQuery, location="query")
@items_blp.response(200, s.HeldItemPage)
def list_items(query):
    """Newest first; `overdue=true` for those held past the project's period (default 30 days)."""
    return held_items.list_items(_db(), current_principal().tenant_id, query)


@items_blp.route("/held-items/<item_id>", methods=["GET"])
@require(scopes=READ)
@items_blp.response(200, s.HeldItemOut)
def get_item(item_id):
    return held_items.get_item(_db(), current_principal().tenant_id, item_id)


@items_blp.route("/held-items/<item_id>/return", methods=["POST"])
@require(scopes=WRITE)
@items_blp.arguments(s.ReturnItemIn)
@items_blp.response(200, s.HeldItemOut)
@items_blp.alt_response(409, description="`reason_code` already_returned.")
def return_item(body, item_id):
    """Handed back against a signature (name + ID last 4 or phone)."""
    return held_items.return_item(_db(), current_principal(), item_id, body)


@settings_blp.route("/settings", methods=["GET"])
@require(scopes=READ)
@settings_blp.response(200, s.SettingsOut)
def get_settings():
    return common.desk_settings(_db(), current_principal().tenant_id).__dict__


@settings_blp.route("/settings", methods=["PUT"])
@require(scopes=WRITE, roles=SETTINGS_ROLES)
@settings_blp.arguments(s.SettingsIn)
@settings_blp.response(200, s.SettingsOut)
def save_settings(body):
    """Days before a parcel is unclaimed (1–60, default 7), an item overdue (1–365, default 30); the move-in
    target (5–240 minutes, default 30)."""
    me = current_principal()
    return common.save_desk_settings(_db(), me.tenant_id, me.actor, body).__dict__
