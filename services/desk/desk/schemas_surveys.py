"""Request and response shapes of satisfaction surveys 顾客满意度调查 and the desk's reports 日报/周报."""
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, fields, validate

from .domain.surveys import ANSWER_DAYS, CATEGORIES, MAX_COMMENT, SCORES
from .schemas_common import UNIT

MONTH = validate.Regexp(r"^[0-9]{4}-(0[1-9]|1[0-2])$", error="a month like 2026-12")
RATIO = validate.Regexp(r"^(0(\.[0-9]{1,4})?|1(\.0{1,4})?)$", error="a decimal from 0.0001 to 1, e.g. 0.2")
CATEGORY = validate.OneOf(list(CATEGORIES))
CATEGORY_TEXT = "; ".join(f"{code} {label}" for code, label in CATEGORIES.items())


class CampaignIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         metadata={"description": "e.g. 2026年12月顾客满意度调查"})
    period = fields.String(required=True, validate=MONTH, metadata={"description": "the month the results count in"})
    sample_ratio = fields.String(required=True, validate=RATIO, metadata={
        "description": "share of each building's units asked (ceil, at least one per building), e.g. \"0.2\""})
    categories = fields.List(fields.String(validate=CATEGORY), validate=validate.Length(min=1, max=len(CATEGORIES)),
                             metadata={"description": f"rated 1–5; default all: {CATEGORY_TEXT}"})
    answer_days = fields.Integer(validate=validate.Range(ANSWER_DAYS.start, ANSWER_DAYS.stop - 1), metadata={
        "description": "days the links and the desk take answers (default 14)"})


class CampaignOut(Schema):
    id = fields.String(attribute="_id")
    name = fields.String()
    period = fields.String()
    categories = fields.List(fields.String())
    sample_ratio = fields.String()
    answer_days = fields.Integer()
    households_known = fields.Integer(metadata={"description": "units desk knew when it drew the sample"})
    sampled = fields.Integer()
    answered = fields.Integer()
    response_rate = fields.Float(allow_none=True)
    open = fields.Boolean(metadata={"description": "still taking answers"})
    created_at = fields.DateTime()
    created_by = fields.String()
    closes_at = fields.DateTime()


class CampaignQuery(PageQuery):
    period = fields.String(validate=MONTH)


class Rating(Schema):
    category = fields.String()
    score = fields.Integer()


class HouseholdOut(Schema):
    id = fields.String(attribute="_id")
    campaign_id = fields.String()
    unit_id = fields.String()
    building = fields.String()
    sampled_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)
    channel = fields.String(allow_none=True, metadata={"description": "link (the customer's message) | desk (paper)"})
    ratings = fields.List(fields.Nested(Rating), allow_none=True)
    comment = fields.String(allow_none=True)
    entered_by = fields.String(allow_none=True)


class HouseholdQuery(PageQuery):
    answered = fields.Boolean()
    building = fields.String(validate=validate.Length(min=1, max=64))


RatingsIn = Schema.from_dict({code: fields.Integer(validate=validate.Range(SCORES.start, SCORES.stop - 1),
                                                   metadata={"description": label})
                              for code, label in CATEGORIES.items()}, name="RatingsIn")


class DeskAnswerIn(Schema):
    unit_id = fields.String(required=True, validate=UNIT)
    ratings = fields.Nested(RatingsIn, required=True, metadata={
        "description": "every category of the campaign, 1 (很不满意) to 5 (很满意), and no other"})
    comment = fields.String(validate=validate.Length(max=MAX_COMMENT))


class ResultsQuery(Schema):
    period = fields.String(required=True, validate=MONTH)


class HqResultsQuery(ResultsQuery):
    project = fields.List(fields.String(validate=validate.Length(min=1, max=64)))


class CategoryOut(Schema):
    category = fields.String()
    label = fields.String()
    count = fields.Integer()
    mean = fields.Float(allow_none=True)
    distribution = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "how many gave each score, \"1\"..\"5\""})


class SummaryOut(Schema):
    sampled = fields.Integer()
    answered = fields.Integer()
    answered_by_link = fields.Integer()
    answered_at_desk = fields.Integer()
    response_rate = fields.Float(allow_none=True)
    categories = fields.List(fields.Nested(CategoryOut))


class ResultsOut(SummaryOut):
    project = fields.String()
    period = fields.String()
    campaigns = fields.Integer()


class ProjectSummaryOut(SummaryOut):
    project = fields.String()


class HqResultsOut(Schema):
    period = fields.String()
    projects = fields.List(fields.Nested(ProjectSummaryOut))
    company = fields.Nested(SummaryOut)


class DayQuery(Schema):
    day = fields.Date(required=True, metadata={"description": "a date in the project's zone, e.g. 2026-12-02"})


class WeekQuery(Schema):
    week = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{4}-W[0-9]{2}$",
                                                                 error="an ISO week like 2026-W49"))


COUNTS = fields.Dict(keys=fields.String(), values=fields.Integer())


class CameIn(Schema):
    tickets = fields.Integer()
    tickets_by_kind = COUNTS
    parcels = fields.Integer()
    parcels_by_kind = COUNTS
    phone_messages = fields.Integer()
    held_items = fields.Integer()
    key_sign_outs = fields.Integer()


class StillOpen(Schema):
    tickets_unfinished = fields.Integer(metadata={"description": "received and not completed/resolved by the end "
                                                                 "of the span (repairs and complaints finish by event)"})
    tickets_unfinished_by_kind = COUNTS
    parcels_waiting = fields.Integer()
    parcels_unclaimed = fields.Integer()
    phone_messages_unacknowledged = fields.Integer()
    held_items = fields.Integer()
    keys_out_now = fields.Integer()
    keys_overdue_now = fields.Integer()


class HandedOver(Schema):
    shift_handovers = fields.Integer(metadata={"description": "ticketing's hand-overs signed in the span"})
    key_counts = fields.Integer()
    keys_handed_to_owners = fields.Integer(metadata={"description": "keys signed over to owners at move-in 入伙"})
    key_counts_with_findings = fields.Integer(metadata={"description": "counts that found keys missing, overdue or "
                                                                       "present while out"})


class ReportOut(Schema):
    project = fields.String()
    timezone = fields.String()
    from_ = fields.DateTime(attribute="from", data_key="from", metadata={"description": "the span's start, UTC"})
    until = fields.DateTime(metadata={"description": "the span's end (exclusive), UTC"})
    first_day = fields.String()
    last_day = fields.String()
    as_of = fields.DateTime()
    came_in = fields.Nested(CameIn)
    still_open = fields.Nested(StillOpen)
    handed_over = fields.Nested(HandedOver)


class DailyOut(ReportOut):
    day = fields.String()


class WeeklyOut(ReportOut):
    week = fields.String()


CampaignPage = page_schema(CampaignOut, "CampaignPage")
HouseholdPage = page_schema(HouseholdOut, "HouseholdPage")
