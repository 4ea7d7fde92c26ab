"""Completion 竣工: the owner's application, the acceptance inspection with the deductions from the deposit, and the
deposit's refund asked of billing by `renovation.deposit.refund_requested` in the acceptance's transaction."""
from __future__ import annotations

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import run_in_transaction
from pymongo.database import Database

from ..domain import completion as rules_
from ..domain.applications import Status
from ..domain.completion import CompletionStatus
from ..domain.passes import PassStatus
from .applications import applications, view
from .common import get_or_404, now, rules
from .passes import _passes
from .patrols import violations

REFUND_REQUESTED = "renovation.deposit.refund_requested"
COMPLETION_REQUESTED = "renovation.completion.requested"
COMPLETION_ACCEPTED = "renovation.completion.accepted"


def request(db: Database, principal: Principal, application_id: str, body: dict) -> dict:
    tenant = principal.tenant_id
    found = applications(db, tenant)
    application = get_or_404(found, application_id, "application")
    with rules():
        rules_.check_request(application["status"], application.get("completion"))
    completion = {"status": str(CompletionStatus.REQUESTED), "finished_on": body["finished_on"].isoformat(),
                  "note": body.get("note", ""), "photo_refs": body.get("photo_refs", []), "requested_at": now(),
                  "requested_by": principal.actor, "inspection": None, "deductions": [], "refund": None}

    def work(session) -> None:
        done = found.update_one({"_id": application_id, "status": "permitted",
                                 "completion": application.get("completion")}, {"$set": {"completion": completion}},
                                session=session)
        if not done.modified_count:
            raise Conflict("The application changed a moment ago; reload it.", reason_code="changed_meanwhile")
        add_to_outbox(db, Event(COMPLETION_REQUESTED, tenant, actor=principal.actor, data={
            "application_id": application_id, "unit_id": application["unit_id"],
            "finished_on": completion["finished_on"]}), session)

    run_in_transaction(db, work)
    return view(found.find_one({"_id": application_id}))


def inspect(db: Database, principal: Principal, application_id: str, body: dict) -> dict:
    """The acceptance inspection: accepted (every pass back; the deductions, each with its reason, taken from the
    deposit and the rest asked of billing as a refund) or refused with the reason."""
    tenant = principal.tenant_id
    found = applications(db, tenant)
    application = get_or_404(found, application_id, "application")
    completion = application.get("completion")
    passes_out = _passes(db, tenant).count_documents({"application_id": application_id,
                                                      "status": str(PassStatus.ACTIVE)})
    counts = {str(s): _passes(db, tenant).count_documents({"application_id": application_id, "status": str(s)})
              for s in PassStatus}
    own = {v["_id"]: v for v in violations(db, tenant).find({"application_id": application_id})}
    deposit = rules_.deposit_fen((application.get("fees") or {}).get("lines", []))
    at = now()
    with rules():
        rules_.check_inspection(completion, set(principal.roles), passes_out if body["decision"] == "pass" else 0)
        if body["decision"] == "refuse" and not body.get("reason", "").strip():
            raise rules_.BadField("reason", "say why the acceptance is refused")
        kept, refund_fen = rules_.deductions(body.get("deductions", []) if body["decision"] == "pass" else [],
                                             own, deposit)
    inspection = {"decision": body["decision"], "reason": body.get("reason", ""), "at": at, "by": principal.actor,
                  "passes": counts}
    accepted = body["decision"] == "pass"
    change = {"completion.status": str(CompletionStatus.ACCEPTED if accepted else CompletionStatus.REFUSED),
              "completion.inspection": inspection, "updated_at": at}
    if accepted:
        change.update({"status": str(Status.COMPLETED), "completion.deductions": kept,
                       "completion.refund": {"deposit_fen": deposit, "deducted_fen": deposit - refund_fen,
                                             "refund_fen": refund_fen, "charge_id": application["fees"]["charge_id"],
                                             "requested_at": at}})

    def work(session) -> None:
        # The pass count read above is the guard: a pass issued meanwhile moves `passes_issued` (issue's own guard),
        # so the acceptance cannot pass over a worker's pass that is still out.
        done = found.update_one({"_id": application_id, "status": "permitted",
                                 "passes_issued": application.get("passes_issued"),
                                 "completion.status": str(CompletionStatus.REQUESTED)}, {"$set": change},
                                session=session)
        if not done.modified_count:
            raise Conflict("The completion was decided a moment ago; reload it.", reason_code="changed_meanwhile")
        if accepted:
            add_to_outbox(db, Event(REFUND_REQUESTED, tenant, actor=principal.actor, data={
                "application_id": application_id, "unit_id": application["unit_id"],
                "charge_id": application["fees"]["charge_id"], "deposit_fen": deposit, "refund_fen": refund_fen,
                "deductions": [{"notice_number": d["notice_number"], "amount_fen": d["amount_fen"],
                                "reason": d["reason"]} for d in kept]}), session)
            # Accepted only with no pass still out: the passes' count, for the archive of returned passes.
            add_to_outbox(db, Event(COMPLETION_ACCEPTED, tenant, actor=principal.actor, data={
                "application_id": application_id, "unit_id": application["unit_id"],
                "passes_returned": counts[str(PassStatus.RETURNED)],
                "passes_revoked": counts[str(PassStatus.REVOKED)]}), session)

    run_in_transaction(db, work)
    return view(found.find_one({"_id": application_id}))
