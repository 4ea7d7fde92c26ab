"""REST endpoints for document checklists, key customers, important events and quality checks
(handlers/checklists.py, customers.py, important_events.py, quality_checks.py)."""
from __future__ import annotations

from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from .access import no_store
from .domain import Role
from .handlers import checklists, customers, important_events, quality_checks
from .handlers.archives import KEEPER_ROLES
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

records = Blueprint("records", __name__, description="Document checklists (ID-4), key customers (ID-5), the "
                                                     "important-event archive (ID-6) and quality checks (ID-10).")

CHECKERS = [Role.PROJECT_MANAGER.value, Role.CS_SUPERVISOR.value, Role.CS_ADMINISTRATOR.value]
records.after_request(no_store)  # VIP profiles and important events carry personal data


@records.route("/checklists", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, ChecklistCatalogueOut)
@records.doc(summary="The move-in, renovation and transfer checklists with their document codes.")
def checklist_catalogue():
    return checklists.catalogue()


@records.route("/checklists/missing", methods=["GET"])
@require(scopes=["identity:read"])
@records.arguments(MissingQuery, location="query")
@records.response(200, ProjectMissingOut)
@records.doc(summary="What is missing across the project: per unit and how often each document is missing.")
def project_missing(query):
    return checklists.project_missing(context().db, current_principal().tenant_id, query.get("kind"))


@records.route("/units/<unit_id>/checklists", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, UnitChecklistsOut)
@records.doc(summary="The unit's checklists (opened with its first owner, transfer or renovation) and what is missing.")
def unit_checklists(unit_id):
    return checklists.unit_checklists(context().db, current_principal().tenant_id, unit_id)


@records.route("/units/<unit_id>/checklists/<kind>", methods=["POST"])
@require(scopes=["identity:write"], roles=KEEPER_ROLES)
@records.arguments(DocumentsIn)
@records.response(200, UnitChecklistsOut)
@records.doc(summary="Record documents handed in (by code) and, optionally, what happened (conditions).")
def record_documents(body, unit_id, kind):
    return checklists.record_documents(context().db, current_principal(), unit_id, kind, body)


# ---------------------------------------------------------------- customers

@records.route("/customers", methods=["POST"])
@require(scopes=["identity:write"], roles=KEEPER_ROLES)
@idempotent()
@records.arguments(CustomerIn)
@records.response(201, CustomerSummaryOut)
@records.doc(summary="A key-customer (VIP) profile; publishes identity.customer.classified.")
def create_customer(body):
    return customers.create_customer(context().db, current_principal(), body)


@records.route("/customers", methods=["GET"])
@require(scopes=["identity:read"])
@records.arguments(CustomerListQuery, location="query")
@records.response(200, CustomerPage)
@records.doc(summary="Customers by class and tenure band (no personal data; read a profile through the policy).")
def list_customers(query):
    return customers.list_customers(context().db, current_principal().tenant_id, query)


@records.route("/customers/<customer_id>", methods=["PATCH"])
@require(scopes=["identity:write"], roles=KEEPER_ROLES)
@records.arguments(CustomerPatch)
@records.response(200, CustomerSummaryOut)
@records.doc(summary="Update a profile; a change of classes or move-in date republishes the classification.")
def update_customer(body, customer_id):
    return customers.update_customer(context().db, current_principal(), customer_id, body)


@records.route("/customers/<customer_id>", methods=["GET"])
@require(scopes=["identity:archives"])
@records.arguments(ArchiveReadQuery, location="query")
@records.response(200, ArchiveView)
def read_customer(query, customer_id):
    return customers.read_customer(context().db, current_principal(), customer_id, query)


# ---------------------------------------------------------------- important events

@records.route("/important-events", methods=["POST"])
@require(scopes=["identity:archives"])
@idempotent()
@records.arguments(ImportantEventIn)
@records.response(201, ImportantEventSummaryOut)
@records.doc(summary="Record an important event (draft); submit it for the project manager's review.")
def create_event(body):
    return important_events.create_event(context().db, current_principal(), body)


@records.route("/important-events", methods=["GET"])
@require(scopes=["identity:archives"])
@records.arguments(ImportantEventListQuery, location="query")
@records.response(200, ImportantEventPage)
@records.doc(summary="Events by status and kind (no contents; read one through the policy).")
def list_events(query):
    return important_events.list_events(context().db, current_principal().tenant_id, query)


@records.route("/important-events/<event_id>", methods=["GET"])
@require(scopes=["identity:archives"])
@records.arguments(ArchiveReadQuery, location="query")
@records.response(200, ArchiveView)
def read_event(query, event_id):
    return important_events.read_event(context().db, current_principal(), event_id, query)


def _review(action: str):
    def view(body, event_id):
        return important_events.review_event(context().db, current_principal(), event_id, action, body["note"])
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
    return quality_checks.due_check(context().db, current_principal().tenant_id)


@records.route("/quality-checks/overdue", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, OverdueOut(many=True))
@records.doc(summary="Projects whose check is overdue (HQ: every project; others: their own).")
def overdue_checks():
    return quality_checks.overdue(context().db, current_principal())


@records.route("/quality-checks", methods=["POST"])
@require(scopes=["identity:write"], roles=CHECKERS)
@idempotent()
@records.response(201, QualityCheckOut)
@records.doc(summary="Start the due check: every unit (full) or a random sample of at least the project's ratio; "
                     "409 when none is due.")
def start_check():
    return quality_checks.start_check(context().db, current_principal())


@records.route("/quality-checks", methods=["GET"])
@require(scopes=["identity:read"])
@records.arguments(QualityCheckListQuery, location="query")
@records.response(200, QualityCheckPage)
def list_checks(query):
    return quality_checks.list_checks(context().db, current_principal().tenant_id, query)


@records.route("/quality-checks/<check_id>", methods=["GET"])
@require(scopes=["identity:read"])
@records.response(200, QualityCheckOut)
def get_check(check_id):
    return quality_checks.get_check(context().db, current_principal().tenant_id, check_id)


@records.route("/quality-checks/<check_id>/findings", methods=["POST"])
@require(scopes=["identity:write"], roles=CHECKERS)
@records.arguments(FindingIn)
@records.response(200, QualityCheckOut)
@records.doc(summary="Record the finding for one unit; missing documents are taken from its checklists.")
def record_finding(body, check_id):
    return quality_checks.record_finding(context().db, current_principal(), check_id, body)


@records.route("/quality-checks/<check_id>/complete", methods=["POST"])
@require(scopes=["identity:write"], roles=CHECKERS)
@records.response(200, QualityCheckOut)
def complete_check(check_id):
    return quality_checks.complete_check(context().db, current_principal(), check_id)
