"""Gap-free document numbers (BL-5) drawn inside the transaction of the document that uses them.

Each scope (project, document type, year) has one counter document. It is created outside any
transaction, the first time a transaction finds it missing, with a plain insert that tolerates
DuplicateKeyError (so two processes creating it at the same moment both succeed, and no upsert
race exists); the transaction then runs again. Inside the transaction the number
is taken with `find_one_and_update($inc)`: concurrent transactions conflict on the counter and
MongoDB retries the loser, and an aborted transaction rolls its increment back, so no number is
ever lost or issued twice. Each issued number is also written to the `document_numbers`
register; a cancelled number stays there, marked cancelled (作废).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from kefulib.store import TenantCollection, run_in_transaction
from pymongo import ReturnDocument
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .common import local_date, utcnow
from .domain import DocumentType, format_document_number
from .store import COUNTERS, DOCUMENT_NUMBERS

T = TypeVar("T")


class CounterMissing(RuntimeError):
    """The scope's counter was not created before the transaction (e.g. the year just turned)."""


def current_year() -> int:
    return local_date().year


def ensure_counter(db: Database, tenant_id: str, doc_type: DocumentType | str, year: int) -> None:
    """Create the scope's counter at 0 unless it exists (safe when several processes race)."""
    try:
        db[COUNTERS].insert_one({"tenant_id": tenant_id, "doc_type": DocumentType(doc_type).value, "year": year,
                                 "last": 0, "created_at": utcnow()})
    except DuplicateKeyError:
        pass


def issue_number(db: Database, session: ClientSession, tenant_id: str, doc_type: DocumentType | str, *,
                 document: str, document_id: str, field: str, year: int | None = None) -> str:
    """Take the scope's next number inside `session`'s transaction and register it as issued."""
    kind = DocumentType(doc_type).value
    year = year or current_year()
    counter = db[COUNTERS].find_one_and_update(
        {"tenant_id": tenant_id, "doc_type": kind, "year": year}, {"$inc": {"last": 1}},
        session=session, return_document=ReturnDocument.AFTER)
    if counter is None:
        raise CounterMissing(f"{tenant_id}/{kind}/{year}")
    number = format_document_number(kind, year, counter["last"])
    TenantCollection(db[DOCUMENT_NUMBERS], tenant_id).insert_one({
        "number": number, "doc_type": kind, "year": year, "sequence": counter["last"], "status": "issued",
        "document": document, "document_id": document_id, "field": field, "issued_at": utcnow(),
    }, session=session)
    return number


def run_numbered(db: Database, tenant_id: str, doc_types: Iterable[DocumentType | str],
                 work: Callable[[ClientSession], T]) -> T:
    """Run `work` in a transaction; if a counter it draws from does not exist yet, create the
    counters (outside any transaction) and run it once more. A request that draws no number
    (e.g. refused) creates no counter."""
    try:
        return run_in_transaction(db, work)
    except CounterMissing:
        year = current_year()
        for doc_type in doc_types:
            ensure_counter(db, tenant_id, doc_type, year)
        return run_in_transaction(db, work)
