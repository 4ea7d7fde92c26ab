"""REST endpoints for document checklists, key customers, important events and quality checks."""
from __future__ import annotations

from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.problems import NotFound
from kefulib.store import TenantCollection
from kefulib.web import context, page_of

from . import registers
from .access import is_hq, no_store, now
from .archives import KEEPER_ROLES
from .domain import ChecklistKind, Role
from .schemas import (
    ArchiveReadQuery,
    ArchiveView,
    CheckDueOut,
    ChecklistCatalogueOut,
    CustomerIn,
    CustomerListQuery,
    CustomerPage,
    CustomerPatch,
    CustomerSummaryOut,
    DocumentsIn,
    FindingIn,
    ImportantEventIn,
    ImportantEventListQuery,
    ImportantEventPage,
    ImportantEventSummaryOut,
    MissingQuery,
    OverdueOut,
    ProjectMissingOut,
    QualityCheckListQuery,
    QualityCheckOut,
    QualityCheckPage,
    ReviewNoteIn,
    UnitChecklistsOut,
)
from .store import CUSTOMERS, IMPORTANT_EVENTS, QUALITY_CHECKS

records = Blueprint("records", __name__, description="Document checklists (ID-4), key customers (ID-5), the "
                                                     "important-event archive (ID-6) and quality checks (ID-10).")

CHECKERS = [Role.PROJECT_MANAGER.value, Role.CS_SUPERVISOR.value, Role.CS_ADMINISTRATOR.value]
KINDS = {k.value for k in ChecklistKind}
records.after_request(no_store)  # VIP profiles and important events carry personal data


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFound("No such checklist.")
    return kind


@records.route("/checklists", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, ChecklistCatalogueOut)
@records.doc(summary="The move-in, renovation and transfer checklists with their document codes.")
def checklist_catalogue():
    return registers.catalogue()


@records.route("/checklists/missing", methods=["GET"])
@require(scopes=["identity:read"])
@records.arguments(MissingQuery, location="query")
@records.response(200, ProjectMissingOut)
@records.doc(summary="What is missing across the project: per unit and how often each document is missing.")
def project_missing(query):
    return registers.project_missing(context().db, current_principal().tenant_id, query.get("kind"))


@records.route("/units/<unit_id>/checklists", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, UnitChecklistsOut)
@records.doc(summary="The unit's checklists (opened with its first owner, transfer or renovation) and what is missing.")
def unit_checklists(unit_id):
    return registers.unit_checklists(context().db, current_principal().tenant_id, unit_id)


@records.route("/units/<unit_id>/checklists/<kind>", methods=["POST"])
@require(scopes=["identity:write"], roles=KEEPER_ROLES)
@records.arguments(DocumentsIn)
@records.response(200, UnitChecklistsOut)
@records.doc(summary="Record documents handed in (by code) and, optionally, what happened (conditions).")
def record_documents(body, unit_id, kind):
    return registers.record_documents(context().db, current_principal(), unit_id, _kind(kind), body, now())


# ---------------------------------------------------------------- customers

@records.route("/customers", methods=["POST"])
@require(scopes=["identity:write"], roles=KEEPER_ROLES)
@idempotent()
@records.arguments(CustomerIn)
@records.response(201, CustomerSummaryOut)
@records.doc(summary="A key-customer (VIP) profile; publishes identity.customer.classified.")
def create_customer(body):
    return registers.create_customer(context().db, current_principal(), body, now())


@records.route("/customers", methods=["GET"])
@require(scopes=["identity:read"])
@records.arguments(CustomerListQuery, location="query")
@records.response(200, CustomerPage)
@records.doc(summary="Customers by class and tenure band (no personal data; read a profile through the policy).")
def list_customers(query):
    collection = TenantCollection(context().db[CUSTOMERS], current_principal().tenant_id)
    filter_ = registers.customer_filter(query)
    today = now().date()
    return page_of(lambda: collection.find(filter_).sort("created_at", 1), collection.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda d: registers.customer_summary(d, today))


@records.route("/customers/<customer_id>", methods=["PATCH"])
@require(scopes=["identity:write"], roles=KEEPER_ROLES)
@records.arguments(CustomerPatch)
@records.response(200, CustomerSummaryOut)
@records.doc(summary="Update a profile; a change of classes or move-in date republishes the classification.")
def update_customer(body, customer_id):
    return registers.update_customer(context().db, current_principal(), customer_id, body, now())


@records.route("/customers/<customer_id>", methods=["GET"])
@require(scopes=["identity:archives"])
@records.arguments(ArchiveReadQuery, location="query")
@records.response(200, ArchiveView)
def read_customer(query, customer_id):
    return registers.read_customer(context().db, current_principal(), customer_id, query, now())


# ---------------------------------------------------------------- important events

@records.route("/important-events", methods=["POST"])
@require(scopes=["identity:archives"])
@idempotent()
@records.arguments(ImportantEventIn)
@records.response(201, ImportantEventSummaryOut)
@records.doc(summary="Record an important event (draft); submit it for the project manager's review.")
def create_event(body):
    return registers.create_event(context().db, current_principal(), body, now())


@records.route("/important-events", methods=["GET"])
@require(scopes=["identity:archives"])
@records.arguments(ImportantEventListQuery, location="query")
@records.response(200, ImportantEventPage)
@records.doc(summary="Events by status and kind (no contents; read one through the policy).")
def list_events(query):
    collection = TenantCollection(context().db[IMPORTANT_EVENTS], current_principal().tenant_id)
    filter_ = registers.event_filter(query)
    return page_of(lambda: collection.find(filter_).sort("created_at", -1), collection.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda d: d)


@records.route("/important-events/<event_id>", methods=["GET"])
@require(scopes=["identity:archives"])
@records.arguments(ArchiveReadQuery, location="query")
@records.response(200, ArchiveView)
def read_event(query, event_id):
    return registers.read_event(context().db, current_principal(), event_id, query, now())


def _review(action: str):
    def view(body, event_id):
        return registers.review_event(context().db, current_principal(), event_id, action, body["note"], now())
    view.__name__ = f"{action}_event"
    return view


for _action, _summary in (("submit", "Hand the event to the project manager for review."),
                          ("file", "The project manager's review passes: the event is filed (final)."),
                          ("return", "The project manager sends it back; the note says what to fix.")):
    records.route(f"/important-events/<event_id>/{_action}", methods=["POST"])(
        require(scopes=["identity:archives"])(
            records.arguments(ReviewNoteIn)(
                records.response(200, ImportantEventSummaryOut)(records.doc(summary=_summary)(_review(_action))))))


# ---------------------------------------------------------------- quality checks

@records.route("/quality-checks/due", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, CheckDueOut)
@records.doc(summary="Which check the project owes next (full, then samples), and whether it is due or overdue.")
def check_due():
    return registers.check_due(context().db, current_principal().tenant_id, now().date())


@records.route("/quality-checks/overdue", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, OverdueOut(many=True))
@records.doc(summary="Projects whose check is overdue (HQ: every project; others: their own).")
def overdue_checks():
    return registers.overdue(context().db, current_principal(), is_hq(), now().date())


@records.route("/quality-checks", methods=["POST"])
@require(scopes=["identity:write"], roles=CHECKERS)
@idempotent()
@records.response(201, QualityCheckOut)
@records.doc(summary="Start the due check: every unit (full) or a random sample of at least the project's ratio; "
                     "409 when none is due.")
def start_check():
    return registers.start_check(context().db, current_principal(), now())


@records.route("/quality-checks", methods=["GET"])
@require(scopes=["identity:read"])
@records.arguments(QualityCheckListQuery, location="query")
@records.response(200, QualityCheckPage)
def list_checks(query):
    collection = TenantCollection(context().db[QUALITY_CHECKS], current_principal().tenant_id)
    filter_ = {"status": query["status"]} if "status" in query else {}
    return page_of(lambda: collection.find(filter_).sort("created_at", -1), collection.count_documents(filter_),
                   query["page"], query["page_size"], dump=registers.check_view)


@records.route("/quality-checks/<check_id>", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, QualityCheckOut)
def get_check(check_id):
    return registers.check_view(registers.get_check(context().db, current_principal().tenant_id, check_id))


@records.route("/quality-checks/<check_id>/findings", methods=["POST"])
@require(scopes=["identity:write"], roles=CHECKERS)
@records.arguments(FindingIn)
@records.response(200, QualityCheckOut)
@records.doc(summary="Record the finding for one unit; missing documents are taken from its checklists.")
def record_finding(body, check_id):
    return registers.record_finding(context().db, current_principal(), check_id, body, now())


@records.route("/quality-checks/<check_id>/complete", methods=["POST"])
@require(scopes=["identity:write"], roles=CHECKERS)
@records.response(200, QualityCheckOut)
def complete_check(check_id):
    return registers.complete_check(context().db, current_principal(), check_id, now())



