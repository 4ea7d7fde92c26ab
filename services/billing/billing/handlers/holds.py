"""Finance's decision on a held charge (BL-2, X-6): release it (numbered, posted, payable) or
cancel it (never owed), with a reason; who, when and why stay on the charge in `decisions`."""
from __future__ import annotations

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import first_allowed, local_date, problem_from, utcnow
from ..domain import (
    BillingError,
    DocumentType,
    HoldDecision,
    PricedLine,
    decide_hold,
    hold_decision_refusal,
    release_terms,
    release_unit,
)
from ..sequences import run_numbered
from ..store import CHARGES, QUOTES
from .charges import get_charge, line_docs, open_charge
from .quotes import to_domain

CHARGE_RELEASED = "billing.charge.released"
CHARGE_CANCELLED = "billing.charge.cancelled"


def _priced(lines: list[dict]) -> tuple[PricedLine, ...]:
    return tuple(PricedLine(line["catalogue_code"], line["description"], line["quantity"], line["unit_price_fen"],
                            line["materials_fen"]) for line in lines)


def decide(db: Database, principal: Principal, charge_id: str, decision: HoldDecision, body: dict) -> dict:
    first_allowed(principal, hold_decision_refusal)
    tenant = principal.tenant_id
    charges = TenantCollection(db[CHARGES], tenant)

    def work(session: ClientSession) -> dict:
        charge = get_charge(charges, charge_id, session)
        try:
            status = decide_hold(charge["status"], decision, body["reason"])
            terms, unit = None, charge.get("unit_id")
            if decision is HoldDecision.RELEASE:
                unit = release_unit(unit, body.get("unit_id"))
                stored = (TenantCollection(db[QUOTES], tenant).find_one({"_id": charge["quote_id"]}, session=session)
                          if charge.get("quote_id") else None)
                terms = release_terms(_priced(charge["lines"]), charge["amount_fen"],
                                      to_domain(stored) if stored else None, body.get("quote_version"),
                                      frozenset(c["version"] for c in (stored or {}).get("charged", [])))
        except BillingError as error:
            raise problem_from(error) from None
        now = utcnow()
        record = {"decision": decision.value, "reason": body["reason"], "hold_reason": charge["hold_reason"],
                  "by": principal.actor, "roles": sorted(principal.roles), "at": now}
        changes: dict = {"status": status, "decided_at": now}
        if terms is not None:
            released = {**charge, "unit_id": unit, "lines": line_docs(terms.lines), "amount_fen": terms.amount_fen,
                        "priced_total_fen": sum(line.total_fen for line in terms.lines),
                        "quote_version": terms.quote_version or charge.get("quote_version"),
                        # Posted when a person made it owed: a closed month never changes afterwards.
                        "posted_on": local_date(now).isoformat()}
            open_charge(db, session, tenant, released, principal.actor)
            changes.update({k: released[k] for k in ("unit_id", "lines", "amount_fen", "priced_total_fen", "quote_version",
                                                      "posted_on", "slip_number", "status")})
            record["amount_fen"] = terms.amount_fen
        updated = charges.find_one_and_update({"_id": charge_id, "status": "held"},
                                              {"$set": changes, "$push": {"decisions": record}}, session=session)
        if updated is None:
            raise Conflict("The charge was decided at the same moment; reload it.", reason_code="concurrent_change")
        event_type = CHARGE_RELEASED if terms is not None else CHARGE_CANCELLED
        data = {"charge_id": charge_id, "ticket_id": charge.get("ticket_id"), "unit_id": unit,
                "hold_reason": charge["hold_reason"]}
        if terms is not None:
            data.update(amount_fen=terms.amount_fen, slip_number=changes["slip_number"],
                        quote_version=changes["quote_version"])
        add_to_outbox(db, Event(event_type, tenant, actor=principal.actor, data=data), session)
        return updated

    return run_numbered(db, tenant, [DocumentType.SLIP], work)
