"""REST endpoints for the confidential archives (handlers/archives.py, households.py), borrowing and export
approvals (handlers/borrowing.py) and the access log (handlers/access_log.py): every read goes through the policy
and the access log."""
from __future__ import annotations

from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from .access import no_store, open_to_read_only_roles
from .handlers import access_log as log_handlers
from .handlers import archives, borrowing, households
from .schemas import (
    AccessLogPage,
    AccessLogQuery,
    ApprovalDecisionIn,
    ApprovalListQuery,
    ApprovalRequestIn,
    ApprovalRequestOut,
    ApprovalRequestPage,
    ArchiveReadQuery,
    ArchiveView,
    ContactListQuery,
    ContactPage,
    HouseholdPage,
    HouseholdsQuery,
    OwnerIn,
    OwnerRecordedOut,
    OwnershipHistoryOut,
    ResidentsIn,
    ResidentsRecordedOut,
    VerifyIn,
    VerifyOut,
)

blp = Blueprint("archives", __name__, description="Owner and resident archives (level-1 confidential), borrowing "
                                                  "and export approvals, and the tamper-evident access log.")

blp.after_request(no_store)  # every archive answer (records, contact list, requests, the log) is personal data

KEEPERS = archives.KEEPER_ROLES


@blp.route("/units/<unit_id>/owner", methods=["POST"])
@require(scopes=["identity:write"], roles=KEEPERS)
@idempotent()
@blp.arguments(OwnerIn)
@blp.response(201, OwnerRecordedOut)
@blp.doc(summary="Record the unit's (new) owner; a previous owner's period closes (过户) and stays in the history. "
                 "Publishes identity.owner.changed.")
def record_owner(body, unit_id):
    return archives.record_owner(context().db, current_principal(), unit_id, body)


@blp.route("/units/<unit_id>/owner", methods=["GET"])
@require(scopes=["identity:archives"])
@blp.arguments(ArchiveReadQuery, location="query")
@blp.response(200, ArchiveView)
@blp.doc(summary="Read the current owner's archive for a stated purpose; fields the caller may not see are "
                 "hidden or masked; the read (allowed or refused) is logged.")
def read_owner(query, unit_id):
    return archives.read_current_owner(context().db, current_principal(), unit_id, query)


@blp.route("/units/<unit_id>/owner/history", methods=["GET"])
@require(scopes=["identity:archives"], roles=KEEPERS)
@blp.response(200, OwnershipHistoryOut)
@blp.doc(summary="Ownership periods of the unit, oldest first (ids and dates only, no personal data).")
def owner_history(unit_id):
    return archives.ownership_history(context().db, current_principal().tenant_id, unit_id)


@blp.route("/owner-archives/<owner_id>", methods=["GET"])
@require(scopes=["identity:archives"])
@blp.arguments(ArchiveReadQuery, location="query")
@blp.response(200, ArchiveView)
@blp.doc(summary="Read any owner archive (a past owner's too) through the policy; logged.")
def read_owner_archive(query, owner_id):
    return archives.read_owner_archive(context().db, current_principal(), owner_id, query)


@blp.route("/units/<unit_id>/residents", methods=["PUT"])
@require(scopes=["identity:write"], roles=KEEPERS)
@blp.arguments(ResidentsIn)
@blp.response(201, ResidentsRecordedOut)
@blp.doc(summary="Record the unit's resident archive (住户); the previous version is kept, superseded.")
def record_residents(body, unit_id):
    return archives.record_residents(context().db, current_principal(), unit_id, body)


@blp.route("/units/<unit_id>/residents", methods=["GET"])
@require(scopes=["identity:archives"])
@blp.arguments(ArchiveReadQuery, location="query")
@blp.response(200, ArchiveView)
def read_residents(query, unit_id):
    return archives.read_residents(context().db, current_principal(), unit_id, query)


@blp.route("/contact-list", methods=["GET"])
@require(scopes=["identity:archives"])
@blp.arguments(ContactListQuery, location="query")
@blp.response(200, ContactPage)
@blp.doc(summary="Security's 住户联系清单: unit, name, masked ID number, emergency contact's name; never a phone "
                 "or an address. Each record shown is logged.")
def contact_list(query):
    return archives.contact_list(context().db, current_principal(), query)


@blp.route("/hq/households", methods=["GET"])
@require(scopes=["identity:households"])
@blp.arguments(HouseholdsQuery, location="query")
@blp.response(200, HouseholdPage)
@blp.doc(summary="A project's households with their owner's and members' names and phones in full, for a platform "
                 "service that writes to customers (notifications: notices, parcels, surveys; scope "
                 "`identity:households`, given only to service clients). Each page read is an entry in the "
                 "project's access log with its purpose.")
def list_households(query):
    return households.read_households(context().db, current_principal(), query)


@blp.route("/borrowing-requests", methods=["POST"])
@require(scopes=["identity:archives"])
@idempotent()
@blp.arguments(ApprovalRequestIn)
@blp.response(201, ApprovalRequestOut)
@blp.doc(summary="Ask to borrow (借阅) or export/print/copy archive fields for a purpose and period; "
                 "outside parties attach proof of authority.")
def create_request(body):
    return borrowing.create_request(context().db, current_principal(), body)


@blp.route("/borrowing-requests", methods=["GET"])
@require(scopes=["identity:archives"])
@blp.arguments(ApprovalListQuery, location="query")
@blp.response(200, ApprovalRequestPage)
@blp.doc(summary="The project manager and HQ see every request; anyone else their own.")
def list_requests(query):
    return borrowing.list_requests(context().db, current_principal(), query)


@blp.route("/borrowing-requests/<request_id>", methods=["GET"])
@require(scopes=["identity:archives"])
@blp.response(200, ApprovalRequestOut)
def get_request(request_id):
    return borrowing.get_request(context().db, current_principal(), request_id)


def _decision(action: str):
    def view(body, request_id):
        return borrowing.decide_request(context().db, current_principal(), request_id, action, body["note"])
    view.__name__ = f"{action}_request"
    return view


for _action, _summary in (("approve", "The project manager's written approval (not of their own request)."),
                          ("reject", "The project manager refuses; the note says why."),
                          ("revoke", "The project manager withdraws an approval before its end; the note says why.")):
    blp.route(f"/borrowing-requests/<request_id>/{_action}", methods=["POST"])(
        require(scopes=["identity:archives"])(
            blp.arguments(ApprovalDecisionIn)(
                blp.response(200, ApprovalRequestOut)(blp.doc(summary=_summary)(_decision(_action))))))


@blp.route("/access-log", methods=["GET"])
@require(scopes=["identity:archives"])
@blp.arguments(AccessLogQuery, location="query")
@blp.response(200, AccessLogPage)
@blp.doc(summary="Who read which archive record, which fields, why, under which approval (manager and HQ). "
                 "There is no API to change or delete an entry.")
def access_log(query):
    return log_handlers.list_entries(context().db, current_principal(), query)


@blp.route("/access-log/verify", methods=["POST"])
@open_to_read_only_roles("a read: the auditor verifies the chain, nothing is written")
@require(scopes=["identity:archives"])
@blp.arguments(VerifyIn)
@blp.response(200, VerifyOut)
@blp.doc(summary="Walk the project's hash chain and name the first entry that was changed, removed or moved.")
def verify_access_log(body):
    return log_handlers.verify(context().db, current_principal(), body)
