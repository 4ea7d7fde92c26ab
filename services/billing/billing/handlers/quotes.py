"""Quotes before work (BL-2): priced from the project's catalogue, sent, accepted or declined by
the customer (recorded by staff or an integration), revised after an on-site finding into a new
version that needs its own acceptance. A version is never edited.

Billing is the one owner of a repair's price: every change of a quote is written with its event
(`billing.quote.sent/accepted/declined/revised`, docs/flows/quote-to-charge.md) in one transaction,
and ticketing follows those events to allow or stop work. `quote_revision` in each event is the
quote's change counter, so a consumer can tell a late event from a new one."""
from __future__ import annotations

from dataclasses import asdict

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, NotFound, Unprocessable
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import new_id, problem_from, utcnow
from ..domain import (
    BillingError,
    PricedLine,
    Quote,
    QuoteStatus,
    QuoteVersion,
    draft_quote,
    ensure_not_charged,
    ensure_ticket_unquoted,
)
from ..store import CATALOGUE_ITEMS, QUOTES

QUOTE_SENT = "billing.quote.sent"
QUOTE_ACCEPTED = "billing.quote.accepted"
QUOTE_DECLINED = "billing.quote.declined"
QUOTE_REVISED = "billing.quote.revised"


def price_lines(items: TenantCollection, raw_lines: list[dict], field: str = "lines",
                session: ClientSession | None = None) -> tuple[PricedLine, ...]:
    """Priced lines from the request: catalogue lines take the project's price; off-catalogue
    lines (an on-site assessment, TK-4) carry their own description and unit price."""
    codes = {line["catalogue_code"] for line in raw_lines if line.get("catalogue_code")}
    catalogue = {i["code"]: i for i in items.find({"code": {"$in": sorted(codes)}}, session=session)} if codes else {}
    lines = []
    for index, raw in enumerate(raw_lines):
        where = f"{field}.{index}"
        code = raw.get("catalogue_code")
        if code:
            item = catalogue.get(code)
            if item is None or not item.get("active", True):
                raise Unprocessable(f"This field is not valid: {where}.catalogue_code.",
                                    errors={f"{where}.catalogue_code": ["no such item in this project's catalogue"]})
            if raw.get("unit_price_fen") is not None:
                raise Unprocessable(f"This field is not valid: {where}.unit_price_fen.",
                                    errors={f"{where}.unit_price_fen": ["catalogue lines take the catalogue price"]})
            if item.get("price_fen") is None:
                raise Conflict(f"item_not_priced: {code} has no price in this project yet", reason_code="item_not_priced")
            if item.get("materials_basis") == "none" and raw.get("materials_fen"):
                raise Unprocessable(f"This field is not valid: {where}.materials_fen.",
                                    errors={f"{where}.materials_fen": ["this repair uses no materials"]})
            description, unit_price = raw.get("description") or item["name_zh"], item["price_fen"]
        else:
            missing = [name for name in ("description", "unit_price_fen") if raw.get(name) is None]
            if missing:
                raise Unprocessable(f"This field is not valid: {where}.{missing[0]}.",
                                    errors={f"{where}.{name}": ["needed for a line outside the catalogue"]
                                            for name in missing})
            description, unit_price = raw["description"], raw["unit_price_fen"]
        try:
            lines.append(PricedLine(code, description, raw["quantity"], unit_price, raw.get("materials_fen", 0)))
        except BillingError as error:
            raise problem_from(BillingError(error.reason, error.detail, f"{where}.{error.field}")) from None
    return tuple(lines)


def _line_doc(line: PricedLine) -> dict:
    return {**asdict(line), "labour_fen": line.labour_fen, "total_fen": line.total_fen}


def _version_doc(version: QuoteVersion, meta: dict | None) -> dict:
    return {**(meta or {}), "number": version.number, "status": version.status.value,
            "lines": [_line_doc(line) for line in version.lines], "total_fen": version.total_fen,
            "finding": version.finding, "decline_reason": version.decline_reason}


def to_domain(document: dict) -> Quote:
    versions = tuple(
        QuoteVersion(number=v["number"], status=QuoteStatus(v["status"]), finding=v.get("finding"),
                     decline_reason=v.get("decline_reason"),
                     lines=tuple(PricedLine(line["catalogue_code"], line["description"], line["quantity"],
                                            line["unit_price_fen"], line["materials_fen"]) for line in v["lines"]))
        for v in document["versions"])
    return Quote(quote_id=document["_id"], ticket_id=document["ticket_id"], versions=versions)


def _decide(change):
    try:
        return change()
    except BillingError as error:
        raise problem_from(error) from None


def _cols(db: Database, tenant_id: str) -> tuple[TenantCollection, TenantCollection]:
    return TenantCollection(db[QUOTES], tenant_id), TenantCollection(db[CATALOGUE_ITEMS], tenant_id)


def create_quote(db: Database, principal: Principal, body: dict) -> dict:
    quotes, items = _cols(db, principal.tenant_id)

    def work(session: ClientSession) -> dict:
        lines = price_lines(items, body["lines"], session=session)  # bad input is named before any refusal
        others = quotes.find({"ticket_id": body["ticket_id"]}, {"status": 1, "charged": 1}, session=session)
        _decide(lambda: ensure_ticket_unquoted([(QuoteStatus(o["status"]), bool(o.get("charged"))) for o in others]))
        quote_id = new_id()
        quote = _decide(lambda: draft_quote(quote_id, body["ticket_id"], lines))
        now = utcnow()
        document = {
            "_id": quote_id, "ticket_id": body["ticket_id"], "unit_id": body["unit_id"],
            "versions": [_version_doc(quote.current, {"created_at": now, "created_by": principal.actor})],
            "status": quote.current.status.value, "current_version": 1, "accepted_version": None,
            "revision": 1, "charged": [], "created_at": now, "created_by": principal.actor,
        }
        return quotes.insert_one(document, session=session)

    return run_in_transaction(db, work)


def get_quote(quotes: TenantCollection, quote_id: str, session: ClientSession | None = None) -> dict:
    quote = quotes.find_one({"_id": quote_id}, session=session)
    if quote is None:
        raise NotFound("No such quote.")
    return quote


def _event_data(document: dict, version: dict) -> dict:
    return {"quote_id": document["_id"], "ticket_id": document["ticket_id"], "unit_id": document["unit_id"],
            "version": version["number"], "quote_revision": document["revision"], "total_fen": version["total_fen"]}


def _apply(db: Database, principal: Principal, quote_id: str, change, stamp: dict, event_type: str,
           extra=lambda document, version: {}) -> dict:
    """Apply a domain change to the stored quote and write its event, in one transaction."""
    quotes, _ = _cols(db, principal.tenant_id)

    def work(session: ClientSession) -> dict:
        document = get_quote(quotes, quote_id, session)
        changed = _decide(lambda: change(to_domain(document), document))
        meta = {v["number"]: {k: val for k, val in v.items()
                              if k not in ("lines", "status", "finding", "decline_reason", "total_fen", "number")}
                for v in document["versions"]}
        current = changed.current.number
        meta[current] = {**meta.get(current, {}), **stamp}
        accepted = changed.accepted
        updated = quotes.find_one_and_update({"_id": quote_id, "revision": document["revision"]}, {
            "$set": {"versions": [_version_doc(v, meta.get(v.number)) for v in changed.versions],
                     "status": changed.current.status.value, "current_version": current,
                     "accepted_version": accepted.number if accepted else None, "updated_at": utcnow()},
            "$inc": {"revision": 1},
        }, session=session)
        if updated is None:
            raise Conflict("The quote changed at the same moment; reload it and try again.", reason_code="concurrent_change")
        version = updated["versions"][-1]
        add_to_outbox(db, Event(event_type, principal.tenant_id, actor=principal.actor,
                                data={**_event_data(updated, version), **extra(updated, version)}), session)
        return updated

    return run_in_transaction(db, work)


def _plain_lines(version: dict) -> list[dict]:
    return [{k: line[k] for k in ("catalogue_code", "description", "quantity", "unit_price_fen", "materials_fen")}
            for line in version["lines"]]


def send_quote(db: Database, principal: Principal, quote_id: str) -> dict:
    return _apply(db, principal, quote_id, lambda q, _d: q.send(), {"sent_at": utcnow(), "sent_by": principal.actor},
                  QUOTE_SENT)


def accept_quote(db: Database, principal: Principal, quote_id: str, body: dict) -> dict:
    # The accepted lines travel with the event: ticketing shows them on the ticket and repeats them on
    # ticketing.repair.completed, where billing checks them against this stored version.
    return _apply(db, principal, quote_id, lambda q, _d: q.accept(body["version"]),
                  {"decided_at": utcnow(), "decided_by": principal.actor, "recorded_via": body["recorded_via"]},
                  QUOTE_ACCEPTED, lambda _d, v: {"lines": _plain_lines(v), "recorded_via": body["recorded_via"]})


def decline_quote(db: Database, principal: Principal, quote_id: str, body: dict) -> dict:
    return _apply(db, principal, quote_id, lambda q, _d: q.decline(body["version"], body["reason"]),
                  {"decided_at": utcnow(), "decided_by": principal.actor, "recorded_via": body["recorded_via"]},
                  QUOTE_DECLINED)


def revise_quote(db: Database, principal: Principal, quote_id: str, body: dict) -> dict:
    quotes, items = _cols(db, principal.tenant_id)
    get_quote(quotes, quote_id)  # another tenant's quote is simply not found, before pricing anything
    lines = price_lines(items, body["lines"])

    def revise(quote: Quote, document: dict) -> Quote:
        ensure_not_charged(quote.quote_id, [c["version"] for c in document.get("charged", [])])
        return quote.revise(lines, body["finding"])

    return _apply(db, principal, quote_id, revise, {"created_at": utcnow(), "created_by": principal.actor},
                  QUOTE_REVISED, lambda _d, v: {"previous_version": v["number"] - 1})


def quote_filter(query: dict) -> dict:
    return {key: query[key] for key in ("ticket_id", "status", "unit_id") if key in query}
