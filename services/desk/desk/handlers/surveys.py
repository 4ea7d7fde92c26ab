"""Satisfaction survey campaigns 顾客满意度调查: the campaign and its household sample, the answers (from the
customer's link through notifications, or a paper form entered at the desk), and the month's results.

desk owns the campaign, the sample and the answers; notifications owns the links, the message and the page. The
sample leaves desk only as unit ids (``desk.survey.sampled``); each answer through a link comes back as
``notifications.campaign_survey.answered``, and each answer entered here goes out as ``desk.survey.answered`` so
notifications closes that household's link.
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, Unprocessable
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import surveys as rules_of_surveys
from ..domain.surveys import CATEGORIES, Unit
from ..store import SURVEY_CAMPAIGNS, SURVEY_HOUSEHOLDS, UNITS
from .common import get_or_404, now, parse_time, rules

SURVEY_SAMPLED = "desk.survey.sampled"
SURVEY_ANSWERED = "desk.survey.answered"
LINK_ANSWERED = "notifications.campaign_survey.answered"
IDENTITY_UNIT_CREATED = "identity.unit.created"
#: Unit ids per desk.survey.sampled: a large project's sample goes out in several events, each small.
SAMPLE_BATCH = 200
#: Who an answer through the link is attributed to (as notifications says it).
CUSTOMER = "customer"
log = logging.getLogger(__name__)


def _campaigns(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[SURVEY_CAMPAIGNS], tenant)


def _households(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[SURVEY_HOUSEHOLDS], tenant)


# ---- the units households are sampled from (identity's events) ---------------------------------------------

def on_unit_created(db: Database):
    def handle(event: Event, session) -> None:
        units = TenantCollection(db[UNITS], event.tenant_id)
        if units.find_one({"unit_id": event.data["unit_id"]}, session=session) is None:
            units.insert_one({"_id": str(uuid.uuid4()), "unit_id": event.data["unit_id"],
                              "building": event.data["building"], "added_at": now()}, session=session)
    return handle


# ---- campaigns ----------------------------------------------------------------------------------------------

def create_campaign(db: Database, principal: Principal, body: dict) -> dict:
    """Draw the sample per building from the units desk knows, and announce it (ids only) in the same commit."""
    tenant = principal.tenant_id
    with rules():
        ratio = rules_of_surveys.exact_ratio(body["sample_ratio"])
        categories = rules_of_surveys.check_categories(body.get("categories") or list(CATEGORIES))
        days = rules_of_surveys.check_answer_days(body.get("answer_days", 14))
    at = now()
    campaign_id = str(uuid.uuid4())
    units = [Unit(u["unit_id"], u["building"]) for u in
             TenantCollection(db[UNITS], tenant).find({}, {"unit_id": 1, "building": 1})]
    # Seeded by the campaign: two campaigns of one month ask different households, a re-read of one gives the same.
    sample = rules_of_surveys.draw_sample(units, ratio, f"{tenant}:{campaign_id}")
    if not sample:
        raise Conflict("No households to sample: desk knows no units of this project yet.",
                       reason_code="no_households")
    closes_at = at + timedelta(days=days)
    campaign = {"_id": campaign_id, "name": body["name"], "period": body["period"], "categories": categories,
                "sample_ratio": body["sample_ratio"], "answer_days": days, "households_known": len(units),
                "sampled": len(sample), "answered": 0, "created_at": at, "created_by": principal.actor, "closes_at": closes_at}
    households = [{"_id": str(uuid.uuid4()), "campaign_id": campaign_id, "period": body["period"],
                   "unit_id": u.unit_id, "building": u.building, "sampled_at": at, "answered_at": None,
                   "channel": None, "ratings": None, "comment": None, "entered_by": None} for u in sample]
    ids = [u.unit_id for u in sample]
    batches = [ids[i:i + SAMPLE_BATCH] for i in range(0, len(ids), SAMPLE_BATCH)]

    def write(session):
        _campaigns(db, tenant).insert_one(campaign, session=session)
        _households(db, tenant).insert_many(households, session=session)
        for number, batch in enumerate(batches, start=1):
            add_to_outbox(db, Event(SURVEY_SAMPLED, tenant, actor=principal.actor, data={
                "campaign_id": campaign_id, "name": body["name"], "period": body["period"],
                "categories": categories, "closes_at": closes_at.isoformat(), "unit_ids": batch,
                "batch": number, "batches": len(batches)}), session)

    run_in_transaction(db, write)
    return present_campaign(campaign)


def present_campaign(campaign: dict) -> dict:
    return {**campaign, "response_rate": rules_of_surveys.response_rate(campaign["answered"], campaign["sampled"]),
            "open": now() < campaign["closes_at"]}


def get_campaign(db: Database, tenant: str, campaign_id: str) -> dict:
    return present_campaign(get_or_404(_campaigns(db, tenant), campaign_id, "campaign"))


def list_campaigns(db: Database, tenant: str, query: dict) -> dict:
    campaigns = _campaigns(db, tenant)
    filter_ = {"period": query["period"]} if "period" in query else {}
    return page_of(lambda: campaigns.find(filter_).sort([("created_at", -1), ("_id", 1)]),
                   campaigns.count_documents(filter_), query["page"], query["page_size"],
                   dump=present_campaign)


def list_households(db: Database, tenant: str, campaign_id: str, query: dict) -> dict:
    get_or_404(_campaigns(db, tenant), campaign_id, "campaign")
    households = _households(db, tenant)
    filter_: dict = {"campaign_id": campaign_id}
    if "answered" in query:
        filter_["answered_at"] = {"$ne": None} if query["answered"] else None
    if "building" in query:
        filter_["building"] = query["building"]
    return page_of(lambda: households.find(filter_).sort([("building", 1), ("unit_id", 1)]),
                   households.count_documents(filter_), query["page"], query["page_size"], dump=lambda h: h)


# ---- answers ------------------------------------------------------------------------------------------------

def _record(db: Database, tenant: str, campaign: dict, unit_id: str, ratings: dict, comment: str, channel: str,
            actor: str, at: datetime, session) -> dict | None:
    """The household's one answer, guarded on it having none; None when one is already there."""
    with rules():
        scored = rules_of_surveys.read_ratings(ratings, campaign["categories"])
        comment = rules_of_surveys.check_comment(comment)
    recorded = _households(db, tenant).find_one_and_update(
        {"campaign_id": campaign["_id"], "unit_id": unit_id, "answered_at": None},
        {"$set": {"answered_at": at, "channel": channel, "ratings": scored, "comment": comment, "entered_by": actor}},
        session=session)
    if recorded is not None:  # the campaign's count moves with the answer, so a list of campaigns counts nothing
        _campaigns(db, tenant).update_one({"_id": campaign["_id"]}, {"$inc": {"answered": 1}}, session=session)
    return recorded


def answer_at_desk(db: Database, principal: Principal, campaign_id: str, body: dict) -> dict:
    """A paper form 满意度调查表 entered by a clerk: refused for a household not sampled or already answered."""
    tenant = principal.tenant_id
    campaign = get_or_404(_campaigns(db, tenant), campaign_id, "campaign")
    household = _households(db, tenant).find_one({"campaign_id": campaign_id, "unit_id": body["unit_id"]})
    if household is None:
        raise Conflict("This unit was not sampled for this campaign.", reason_code="not_sampled")
    at = now()
    with rules():
        rules_of_surveys.check_can_answer(household["answered_at"], campaign["closes_at"], at)

    def write(session):
        recorded = _record(db, tenant, campaign, body["unit_id"], body["ratings"], body.get("comment", ""), "desk",
                           principal.actor, at, session)
        if recorded is None:
            raise Conflict("This household has already answered this campaign.", reason_code="already_answered")
        add_to_outbox(db, Event(SURVEY_ANSWERED, tenant, actor=principal.actor, data={
            "campaign_id": campaign_id, "unit_id": body["unit_id"], "channel": "desk",
            "ratings": recorded["ratings"], "answered_at": at.isoformat()}), session)
        return recorded

    return run_in_transaction(db, write)


def on_link_answered(db: Database):
    """The customer answered through notifications' link: recorded once. A household that answered at the desk in
    the meantime keeps that answer (the first one counts) and the link's is ignored; notifications has already
    closed the link on desk.survey.answered, so this happens only in that moment's race."""
    def handle(event: Event, session) -> None:
        data = event.data
        campaign = _campaigns(db, event.tenant_id).find_one({"_id": data["campaign_id"]}, session=session)
        if campaign is None:
            return
        ratings = {r["category"]: r["score"] for r in data["ratings"]}
        try:
            _record(db, event.tenant_id, campaign, data["unit_id"], ratings, data.get("comment", ""), "link",
                    CUSTOMER, parse_time(data["answered_at"]), session)
        except Unprocessable:
            # The page asked exactly the campaign's categories, so only a changed campaign gets here: the answer
            # cannot be counted, and dead-lettering a well-formed event would not make it countable.
            log.warning("link answer not counted: ratings do not fit the campaign",
                        extra={"record_id": data["campaign_id"]})
    return handle


# ---- results ------------------------------------------------------------------------------------------------

def _counts(collection, match: dict, by_project: bool) -> tuple[dict, dict]:
    """(score counts, sampled/answered) from two aggregations in the database: never the households themselves."""
    key = {"project": "$tenant_id"} if by_project else {}
    scores = collection.aggregate([
        {"$match": {**match, "answered_at": {"$ne": None}}}, {"$unwind": "$ratings"},
        {"$group": {"_id": {**key, "category": "$ratings.category", "score": "$ratings.score"}, "n": {"$sum": 1}}}])
    totals = collection.aggregate([
        {"$match": match},
        {"$group": {"_id": {**key, "channel": "$channel"}, "n": {"$sum": 1}}}])
    return list(scores), list(totals)


def _summary(score_rows: list[dict], total_rows: list[dict]) -> dict:
    counts: dict[tuple[str, int], int] = {}
    for row in score_rows:
        key = (row["_id"]["category"], row["_id"]["score"])
        counts[key] = counts.get(key, 0) + row["n"]
    seen = {r["_id"]["category"] for r in score_rows}
    categories = [c for c in CATEGORIES if c in seen] + sorted(seen - set(CATEGORIES))
    sampled = sum(r["n"] for r in total_rows)
    by_channel: dict[str, int] = {}
    for row in total_rows:  # one row per channel, or per project and channel for HQ
        if row["_id"].get("channel"):
            by_channel[row["_id"]["channel"]] = by_channel.get(row["_id"]["channel"], 0) + row["n"]
    answered = sum(by_channel.values())
    return {"sampled": sampled, "answered": answered, "answered_by_link": by_channel.get("link", 0),
            "answered_at_desk": by_channel.get("desk", 0),
            "response_rate": rules_of_surveys.response_rate(answered, sampled),
            "categories": [r.__dict__ for r in rules_of_surveys.category_results(counts, categories)]}


def month_results(db: Database, tenant: str, period: str) -> dict:
    """The month's campaigns together: per category the mean, count and distribution; the response rate."""
    scores, totals = _counts(_households(db, tenant), {"period": period}, by_project=False)
    campaigns = _campaigns(db, tenant).count_documents({"period": period})
    return {"project": tenant, "period": period, "campaigns": campaigns, **_summary(scores, totals)}


def hq_month_results(db: Database, period: str, projects: list[str] | None) -> dict:
    """HQ: each project's results of the month and the company's, from one pass over the month's households."""
    match: dict = {"period": period}
    if projects:
        match["tenant_id"] = {"$in": projects}
    scores, totals = _counts(db[SURVEY_HOUSEHOLDS], match, by_project=True)
    names = sorted({r["_id"]["project"] for r in totals})
    per_project = [{"project": p, **_summary([r for r in scores if r["_id"]["project"] == p],
                                            [r for r in totals if r["_id"]["project"] == p])} for p in names]
    return {"period": period, "projects": per_project, "company": _summary(scores, totals)}
