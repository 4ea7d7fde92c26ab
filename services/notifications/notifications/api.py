"""notifications' REST endpoints: thin views over the handlers."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.web import context, page_of

from .domain import COMPANY_SCOPE, HQ_ROLES, ItemStatus
from .handlers import inbox
from .schemas import EmptyIn, HolderPage, HolderQuery, InboxPage, InboxQuery, ItemOut
from .store import INBOX_ITEMS, ROLE_HOLDERS

READ, WRITE = ["notifications:read"], ["notifications:write"]
# Who may see who escalations reach in their project: the people who run it, and HQ.
CONTACT_READERS = ["project_manager", "cs_supervisor", "cs_administrator", "engineering_supervisor",
                   *sorted(HQ_ROLES), "hq_admin"]

inbox_blp = Blueprint("inbox", __name__, description="The staff inbox: items per person, unread / read / done.")
directory_blp = Blueprint("directory", __name__, description="Who escalations and approvals reach in this project.")
BLUEPRINTS = [inbox_blp, directory_blp]


def _db():
    return context().db


@inbox_blp.route("/inbox", methods=["GET"])
@require(scopes=READ)
@inbox_blp.arguments(InboxQuery, location="query")
@inbox_blp.response(200, InboxPage)
@inbox_blp.doc(description="The caller's own items, newest first, with the unread count. A project token sees "
                           "the items of its project; an HQ token sees its items from every project.")
def list_inbox(query):
    me = current_principal()
    items = _db()[INBOX_ITEMS]
    filter_ = inbox.list_filter(me, query)
    page = page_of(lambda: items.find(filter_).sort("created_at", -1), items.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda i: i)
    return {**page, "unread": inbox.unread_count(_db(), me)}


@inbox_blp.route("/inbox/<item_id>", methods=["GET"])
@require(scopes=READ)
@inbox_blp.response(200, ItemOut)
def get_item(item_id):
    return inbox.get_item(_db(), current_principal(), item_id)


@inbox_blp.route("/inbox/<item_id>/read", methods=["POST"])
@require(scopes=WRITE)
@inbox_blp.arguments(EmptyIn)
@inbox_blp.response(200, ItemOut)
@inbox_blp.doc(description="Mark your own item read (someone else's answers 404). Marking twice changes nothing.")
def mark_read(body, item_id):
    return inbox.mark_item(_db(), current_principal(), item_id, ItemStatus.READ)


@inbox_blp.route("/inbox/<item_id>/done", methods=["POST"])
@require(scopes=WRITE)
@inbox_blp.arguments(EmptyIn)
@inbox_blp.response(200, ItemOut)
@inbox_blp.doc(description="Mark your own item done (final; it stays listed with status done).")
def mark_done(body, item_id):
    return inbox.mark_item(_db(), current_principal(), item_id, ItemStatus.DONE)


@directory_blp.route("/role-holders", methods=["GET"])
@require(scopes=READ, roles=CONTACT_READERS)
@directory_blp.arguments(HolderQuery, location="query")
@directory_blp.response(200, HolderPage)
@directory_blp.doc(description="The people escalations and approvals of this project reach: its role holders and "
                               "the company's HQ role holders, as last announced by identity.")
def list_holders(query):
    project = current_principal().tenant_id
    holders = _db()[ROLE_HOLDERS]
    filter_: dict = {"active": True, "$or": [{"tenant_id": project}, {"tenant_id": COMPANY_SCOPE}]}
    if "role" in query:
        filter_["role"] = query["role"]
    return page_of(lambda: holders.find(filter_).sort([("role", 1), ("staff_id", 1)]),
                   holders.count_documents(filter_), query["page"], query["page_size"],
                   dump=lambda h: {**h, "company_wide": h["tenant_id"] == COMPANY_SCOPE})
