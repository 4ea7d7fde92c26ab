"""The return visit by message 短信/微信回访 (NT-4): a survey per scheduled return visit, its link sent to the
customer, the public page's answer announced to visits, and the staff's view of the surveys.

visits stays the owner of the return visit: the survey only collects the customer's answer and says so with
``notifications.survey.answered`` (written in the same transaction as the answer); visits completes the visit
with it exactly as if a clerk had called. A visit done by phone first closes the survey, so its link then says
the answer is already recorded.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from kefulib.audit import Actor, acting_as
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import NotFound
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from ..config import SurveyLinks
from ..domain import (
    AnswerInvalid,
    LinkState,
    SurveyAnswer,
    SurveyStatus,
    SurveyUnavailable,
    read_answer,
    require_open,
    status_at,
    survey_expiry,
    verify_link,
)
from ..store import SURVEYS
from . import customer_notices
from .common import now, parse_time

log = logging.getLogger(__name__)

RETURN_VISIT_SCHEDULED = "visits.return_visit.scheduled"
RETURN_VISIT_COMPLETED = "visits.return_visit.completed"
SURVEY_ANSWERED = "notifications.survey.answered"
#: Who an answer through the link is attributed to (the trail, the event, and so visits' record of the visit).
CUSTOMER = "customer"


# ---- from visits' events ----------------------------------------------------------------------------------

def on_return_visit_scheduled(db: Database, links: SurveyLinks):
    """One survey per return visit and round, and its link to the customer; a redelivery changes nothing."""
    def handle(event: Event, session) -> None:
        data = event.data
        surveys = TenantCollection(db[SURVEYS], event.tenant_id)
        visit = {"return_visit_id": data["return_visit_id"], "round": int(data["round"])}
        if surveys.find_one(visit, session=session) is not None:
            return  # announced twice (another event id): the customer gets one survey and one message
        scheduled_at, at = parse_time(event.occurred_at), now()
        expires_at = survey_expiry(scheduled_at)
        # A replay of an old event: a link dead on arrival would only puzzle the customer, so none is sent.
        sendable = expires_at > at
        survey = surveys.insert_one({
            "_id": str(uuid.uuid4()), **visit, "ticket_id": data["ticket_id"], "source": data["source"],
            "status": SurveyStatus.OPEN.value, "scheduled_at": scheduled_at, "expires_at": expires_at,
            "sent_at": at if sendable else None, "answered_at": None, "closed_at": None, "answer": None,
            "source_event_id": event.id,
        }, session=session)
        if not sendable:
            log.info("survey not sent: already expired", extra={"record_id": survey["_id"]})
            return
        customer_notices.notify(db, event, session, ticket_id=data["ticket_id"], topic="return_visit",
                                params={"survey_url": links.url(survey["_id"], survey["expires_at"])})
    return handle


def on_return_visit_completed(db: Database):
    """The visit was done another way (a clerk called): the open survey closes and its link says so.
    The completion that follows the customer's own answer finds the survey answered and changes nothing."""
    def handle(event: Event, session) -> None:
        data = event.data
        TenantCollection(db[SURVEYS], event.tenant_id).update_one(
            {"return_visit_id": data["return_visit_id"], "round": int(data["round"]), "status": SurveyStatus.OPEN.value},
            {"$set": {"status": SurveyStatus.CLOSED.value, "closed_at": now(), "closed_by_method": data["method"]}},
            session=session)
    return handle


# ---- the public page --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SurveyPage:
    """What the page shows: ``state`` chooses its text, ``status`` is the HTTP status that tells the same."""

    state: str          # form | thanks | answered | closed | expired | not_found
    status: int
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    source: str | None = None   # repair_completed | complaint_resolved: the form says what it asks about


NOT_FOUND = SurveyPage("not_found", 404)


def _open_survey(db: Database, links: SurveyLinks, token: str, at: datetime) -> tuple[dict | None, SurveyPage | None]:
    """The survey the link names if it can still be answered, else the page that says why not."""
    check = verify_link(token, links.key, at)
    if check.state is LinkState.TAMPERED:
        return None, NOT_FOUND
    # Read by id alone: the page has no caller to take a project from, and the signed id is the authority.
    # Every write below goes through the survey's own project.
    doc = db[SURVEYS].find_one({"_id": check.survey_id})
    if doc is None:
        return None, NOT_FOUND
    try:
        # Answered or closed is said even after expiry: "you already answered" is the more useful news.
        require_open(doc["status"], min(doc["expires_at"], check.expires_at), at)
    except SurveyUnavailable as refused:
        return None, SurveyPage(refused.status.value, 410)
    return doc, None


def survey_form(db: Database, links: SurveyLinks, token: str) -> SurveyPage:
    doc, refused = _open_survey(db, links, token, now())
    return refused or SurveyPage("form", 200, source=doc["source"])


def answer_survey(db: Database, links: SurveyLinks, token: str, form: Mapping[str, str]) -> SurveyPage:
    """Record the customer's answer once, with its event; anything else records nothing and says why."""
    at = now()
    doc, refused = _open_survey(db, links, token, at)
    if refused:
        return refused
    try:
        answer = read_answer(form)
    except AnswerInvalid as invalid:
        values = {name: str(form.get(name, "")) for name in ("rating", "comment", "problem_came_back")}
        return SurveyPage("form", 422, errors=invalid.errors, values=values, source=doc["source"])
    with acting_as(Actor(CUSTOMER, (), "survey link")):
        recorded = run_in_transaction(db, lambda session: _record(db, doc, answer, at, session))
    if not recorded:  # a second submit raced this one and won: it is the answer
        return SurveyPage(SurveyStatus.ANSWERED.value, 410)
    return SurveyPage("thanks", 200)


def _record(db: Database, doc: dict, answer: SurveyAnswer, at: datetime, session) -> bool:
    answered = TenantCollection(db[SURVEYS], doc["tenant_id"]).find_one_and_update(
        {"_id": doc["_id"], "status": SurveyStatus.OPEN.value},
        {"$set": {"status": SurveyStatus.ANSWERED.value, "answered_at": at,
                  "answer": {"satisfaction": answer.satisfaction, "comment": answer.comment,
                             "problem_came_back": answer.problem_came_back}}}, session=session)
    if answered is None:
        return False
    add_to_outbox(db, Event(SURVEY_ANSWERED, doc["tenant_id"], actor=CUSTOMER, data={
        "survey_id": doc["_id"], "return_visit_id": doc["return_visit_id"], "ticket_id": doc["ticket_id"],
        "round": doc["round"], "satisfaction": answer.satisfaction, "comment": answer.comment,
        "problem_came_back": answer.problem_came_back, "answered_at": at.isoformat()}), session)
    return True


# ---- staff over REST --------------------------------------------------------------------------------------

def list_filter(query: dict) -> dict:
    """``status`` as people see it: open and expired are both stored as open, told apart by the expiry."""
    filter_: dict = {"ticket_id": query["ticket_id"]} if "ticket_id" in query else {}
    status = query.get("status")
    if status == SurveyStatus.OPEN:
        filter_.update(status=SurveyStatus.OPEN.value, expires_at={"$gt": now()})
    elif status == SurveyStatus.EXPIRED:
        filter_.update(status=SurveyStatus.OPEN.value, expires_at={"$lte": now()})
    elif status:
        filter_["status"] = status
    return filter_


def out(doc: dict) -> dict:
    return {**doc, "status": status_at(doc["status"], doc["expires_at"], now()).value}


def get_survey(surveys: TenantCollection, survey_id: str) -> dict:
    doc = surveys.find_one({"_id": survey_id})
    if doc is None:
        raise NotFound("No such survey.")
    return out(doc)
