"""Satisfaction survey campaigns 顾客满意度调查 by message: desk samples the households and owns the answers;
this module sends each sampled household its signed link, serves the page and tells desk of each answer.

desk.survey.sampled (unit ids only) -> one campaign survey per household and one delivery to `unit:<id>`, whose
phone the sender reads from identity's households when the message is due. The page's answer is recorded once and
announced as notifications.campaign_survey.answered in the same transaction; desk counts it. A paper form entered
at the desk (desk.survey.answered) closes the household's link, so a second answer is refused (409) here as there.
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
from ..domain.campaign_surveys import CampaignSurveyStatus, campaign_key, label, read_ratings, status_at
from ..domain.notices import Topic
from ..domain.surveys import AnswerInvalid, LinkState, sign_link, verify_link
from ..store import CAMPAIGN_SURVEYS
from .common import now, parse_time
from .customer_notices import notify_household
from .notice_settings import policy_of

log = logging.getLogger(__name__)

SURVEY_SAMPLED = "desk.survey.sampled"
DESK_ANSWERED = "desk.survey.answered"
CAMPAIGN_SURVEY_ANSWERED = "notifications.campaign_survey.answered"
CUSTOMER = "customer"
LINK_PATH = "/q/"


def link_of(links: SurveyLinks, survey_id: str, closes_at: datetime) -> str:
    return f"{links.public_url}{LINK_PATH}{sign_link(survey_id, closes_at, campaign_key(links.key))}"


# ---- from desk's events ----------------------------------------------------------------------------------

def on_survey_sampled(db: Database, links: SurveyLinks):
    """One survey and one message per sampled household; a redelivered or repeated batch adds nothing."""
    def handle(event: Event, session) -> None:
        data = event.data
        surveys = TenantCollection(db[CAMPAIGN_SURVEYS], event.tenant_id)
        closes_at = parse_time(data["closes_at"]).replace(microsecond=0)
        if closes_at <= now():
            log.info("campaign already closed: no links sent", extra={"record_id": data["campaign_id"]})
            return
        policy = policy_of(db, event.tenant_id, session)
        for unit_id in data["unit_ids"]:
            if surveys.find_one({"campaign_id": data["campaign_id"], "unit_id": unit_id}, {"_id": 1},
                                session=session) is not None:
                continue
            survey = surveys.insert_one({
                "_id": str(uuid.uuid4()), "campaign_id": data["campaign_id"], "unit_id": unit_id,
                "name": data["name"], "period": data["period"], "categories": data["categories"],
                "status": CampaignSurveyStatus.OPEN.value, "closes_at": closes_at, "sent_at": now(),
                "answered_at": None, "closed_at": None, "source_event_id": event.id}, session=session)
            notify_household(db, event, session, policy, unit_id=unit_id, topic=str(Topic.SATISFACTION_SURVEY),
                             params={"title": data["name"], "survey_url": link_of(links, survey["_id"], closes_at)})
    return handle


def on_desk_answered(db: Database):
    """The household's paper form was entered at the desk: its link now says the answer is recorded."""
    def handle(event: Event, session) -> None:
        TenantCollection(db[CAMPAIGN_SURVEYS], event.tenant_id).update_one(
            {"campaign_id": event.data["campaign_id"], "unit_id": event.data["unit_id"],
             "status": CampaignSurveyStatus.OPEN.value},
            {"$set": {"status": CampaignSurveyStatus.CLOSED.value, "closed_at": now()}}, session=session)
    return handle


# ---- the public page --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CampaignPage:
    """What the page shows (``state``) and the HTTP status that says the same."""

    state: str          # form | thanks | answered | closed | expired | not_found
    status: int
    name: str = ""
    categories: tuple[tuple[str, str], ...] = ()    # (code, label) in the campaign's order
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


NOT_FOUND = CampaignPage("not_found", 404)
#: Answered (here or at the desk) is a conflict with the household's one answer; past the close, the link is gone.
REFUSED_STATUS = {CampaignSurveyStatus.ANSWERED: 409, CampaignSurveyStatus.CLOSED: 409,
                  CampaignSurveyStatus.EXPIRED: 410}


def _open_survey(db: Database, links: SurveyLinks, token: str, at: datetime) -> tuple[dict | None, CampaignPage | None]:
    check = verify_link(token, campaign_key(links.key), at)
    if check.state is LinkState.TAMPERED:
        return None, NOT_FOUND
    # By id alone: the page has no caller to take a project from; the signed id is the authority.
    doc = db[CAMPAIGN_SURVEYS].find_one({"_id": check.survey_id})
    if doc is None:
        return None, NOT_FOUND
    status = status_at(doc["status"], min(doc["closes_at"], check.expires_at), at)
    if status is not CampaignSurveyStatus.OPEN:
        return None, CampaignPage(status.value, REFUSED_STATUS[status], name=doc["name"])
    return doc, None


def _form(doc: dict, status: int = 200, **kwargs) -> CampaignPage:
    return CampaignPage("form", status, name=doc["name"],
                        categories=tuple((c, label(c)) for c in doc["categories"]), **kwargs)


def survey_form(db: Database, links: SurveyLinks, token: str) -> CampaignPage:
    doc, refused = _open_survey(db, links, token, now())
    return refused or _form(doc)


def answer_survey(db: Database, links: SurveyLinks, token: str, form: Mapping[str, str]) -> CampaignPage:
    at = now()
    doc, refused = _open_survey(db, links, token, at)
    if refused:
        return refused
    try:
        ratings, comment = read_ratings(form, doc["categories"])
    except AnswerInvalid as invalid:
        names = [f"rating_{c}" for c in doc["categories"]] + ["comment"]
        return _form(doc, 422, errors=invalid.errors, values={n: str(form.get(n, "")) for n in names})
    with acting_as(Actor(CUSTOMER, (), "campaign survey link")):
        recorded = run_in_transaction(db, lambda session: _record(db, doc, ratings, comment, at, session))
    if not recorded:  # a second submit, or the desk's entry, got there first
        return CampaignPage(CampaignSurveyStatus.ANSWERED.value, 409, name=doc["name"])
    return CampaignPage("thanks", 200, name=doc["name"])


def _record(db: Database, doc: dict, ratings: list[dict], comment: str, at: datetime, session) -> bool:
    answered = TenantCollection(db[CAMPAIGN_SURVEYS], doc["tenant_id"]).find_one_and_update(
        {"_id": doc["_id"], "status": CampaignSurveyStatus.OPEN.value},
        {"$set": {"status": CampaignSurveyStatus.ANSWERED.value, "answered_at": at}}, session=session)
    if answered is None:
        return False
    # The answer itself is desk's to keep: it travels in the event and is not stored here.
    add_to_outbox(db, Event(CAMPAIGN_SURVEY_ANSWERED, doc["tenant_id"], actor=CUSTOMER, data={
        "survey_id": doc["_id"], "campaign_id": doc["campaign_id"], "unit_id": doc["unit_id"], "ratings": ratings,
        "comment": comment, "answered_at": at.isoformat()}), session)
    return True


# ---- staff over REST --------------------------------------------------------------------------------------

def out(doc: dict) -> dict:
    return {**doc, "status": status_at(doc["status"], doc["closes_at"], now()).value}


def get(surveys: TenantCollection, survey_id: str) -> dict:
    doc = surveys.find_one({"_id": survey_id})
    if doc is None:
        raise NotFound("No such campaign survey.")
    return out(doc)


def list_filter(query: dict) -> dict:
    return {name: query[name] for name in ("campaign_id", "unit_id") if name in query}
