"""Request and response shapes of ticketing's REST API."""
from datetime import date, datetime

from kefulib.paging import RecentPageMeta, RecentPageQuery
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .domain.sla import MAX_ESCALATION_MULTIPLE, MAX_TARGET_MINUTES
from .handlers.intake import allowed_actions

# Money and counts far beyond any real repair, so that sums and quantity x price stay inside 64-bit integers.
MAX_FEN = 10**10  # 100 million yuan
MAX_QUANTITY = 10_000

KINDS = ["repair", "complaint", "inquiry", "help_request", "community_matter", "suggestion"]
CHANNELS = ["phone", "walk_in", "letter", "email", "web", "integration"]
CATEGORIES = ["urgent", "general"]


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class Doc(fields.Field):
    """A stored sub-document as JSON, times as ISO-8601 (output only)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return _plain(value)


MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="must be YYYY-MM")
Text = lambda n=2000, **kw: fields.String(validate=validate.Length(min=1, max=n), **kw)  # noqa: E731


PHONE = validate.Regexp(r"^\+?[0-9][0-9 -]{5,19}$", error="must be a phone number")


class TicketIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    channel = fields.String(load_default="integration", validate=validate.OneOf(CHANNELS))
    unit_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64),
                            metadata={"description": "Unit (楼-层-房号) the ticket concerns"})
    category = fields.String(validate=validate.OneOf(CATEGORIES), metadata={
        "description": "repairs: urgent 急修 or general 一般; omitted -> classified from subtype/dangerous (TK-5)"})
    subtype = fields.String(validate=validate.Length(max=64), metadata={
        "description": "repair: a TK-5 category (e.g. burst pipe); help_request / community_matter: required type"})
    dangerous = fields.Boolean(metadata={"description": "repairs: the recorder judged it dangerous -> urgent"})
    immediate = fields.Boolean(metadata={"description": "repairs: 即时维修, on site within 15 min"})
    off_catalogue = fields.Boolean(metadata={"description": "repairs: not in the price list, assessed first"})
    paid_repair = fields.Boolean(metadata={"description": "repairs: chargeable, needs the quote accepted before work"})
    rework_of = fields.String(validate=validate.Length(min=1, max=64),
                              metadata={"description": "repairs: the original repair ticket this reworks (TK-7)"})
    reported_at = fields.AwareDateTime(metadata={
        "description": "when the call was really received, if earlier than now (a call taken on paper); the SLA "
                       "clock starts here. At most 12 hours back, never in the future"})
    caller_name = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "who called or came in"})
    callback_phone = fields.String(validate=PHONE, metadata={"description": "where to call back; masked in lists"})


class ActionIn(Schema):
    note = fields.String(validate=validate.Length(max=2000))
    department = fields.String(validate=validate.Length(max=100))
    assignee = fields.String(validate=validate.Length(max=100))
    appointment_at = fields.AwareDateTime(metadata={"description": "dispatch by appointment / reschedule"})
    result = fields.String(validate=validate.Length(max=2000))
    signed_by = fields.String(validate=validate.Length(max=100),
                              metadata={"description": "customer_sign_off: who signed the slip"})


class ReclassifyIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    immediate = fields.Boolean()
    off_catalogue = fields.Boolean()
    note = fields.String(validate=validate.Length(max=2000))


class TicketOut(Schema):
    id = fields.String(attribute="_id")
    kind = fields.String()
    category = fields.String(allow_none=True)
    domain_kind = fields.String()
    subtype = fields.String(allow_none=True)
    title = fields.String()
    description = fields.String()
    channel = fields.String()
    unit_id = fields.String(allow_none=True)
    status = fields.String()
    first_responder = fields.String(metadata={"description": "首问责任人: who received it first"})
    received_by_role = fields.String(metadata={"description": "cs_assistant in day-shift hours, duty_officer after"})
    created_at = fields.DateTime()
    round = fields.Integer()
    department = fields.String(attribute="snapshot.department", allow_none=True)
    assignee = fields.String(attribute="snapshot.assignee", allow_none=True)
    appointment_at = fields.DateTime(attribute="snapshot.appointment_at", allow_none=True)
    result = fields.String(attribute="snapshot.result", allow_none=True)
    signed_off_by = fields.String(attribute="snapshot.signed_off_by", allow_none=True)
    reopen_count = fields.Integer(attribute="snapshot.reopen_count")
    milestones = Doc(attribute="snapshot.milestones")
    quote = Doc(allow_none=True, metadata={"description": "billing's quote this repair follows: id, version, status, "
                                                          "accepted_version with its lines and total (from billing's events)"})
    deadlines = Doc()
    next_breach = Doc(allow_none=True)
    breaches = fields.List(Doc())
    reported_at = fields.DateTime(allow_none=True, metadata={"description": "when the call was received; the SLA "
                                                                           "clock's start"})
    escalation_level = fields.Integer(allow_none=True, metadata={"description": "highest level breached, 1..3"})
    escalations = fields.List(Doc(), metadata={
        "description": "who was told at each level: {level, deadline, role, notified: [staff ids], at}"})
    satisfaction = fields.Integer(allow_none=True)
    resolved_at = fields.DateTime(allow_none=True)
    signed_off_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    rework_of = fields.String(allow_none=True)
    under_warranty = fields.Boolean(allow_none=True)
    reworks = fields.List(fields.String())
    complaint = Doc(allow_none=True)
    dispute = Doc(allow_none=True)
    clutter = Doc(allow_none=True)
    repeat_complaint = fields.Boolean()
    caller_name = fields.String(allow_none=True)
    callback_phone = fields.String(allow_none=True, metadata={"description": "in full here; 138****1234 in lists"})
    allowed_actions = fields.Function(lambda t: allowed_actions(t.get("status")), metadata={
        "description": "actions the state machine allows in the current state (a guard may still refuse one)"})


class DeadlinePreviewQuery(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    channel = fields.String(load_default="phone", validate=validate.OneOf(CHANNELS))
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    subtype = fields.String(validate=validate.Length(max=64))
    dangerous = fields.Boolean()
    immediate = fields.Boolean()
    off_catalogue = fields.Boolean()


class DeadlinePreviewOut(Schema):
    kind = fields.String()
    category = fields.String(allow_none=True)
    domain_kind = fields.String()
    at = fields.DateTime()
    timezone = fields.String()
    deadlines = Doc(metadata={"description": "target -> due time (ISO-8601), as the ticket would get them"})


class TicketListQuery(RecentPageQuery):
    status = fields.String(validate=validate.Length(min=1, max=40))
    kind = fields.String(validate=validate.OneOf(KINDS))
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    unit_id = fields.String(validate=validate.Length(min=1, max=64))
    breached = fields.Boolean()
    open = fields.Boolean(metadata={"description": "true: only tickets not closed or cancelled (the boards' view)"})


class TicketPage(RecentPageMeta):
    items = fields.List(fields.Nested(TicketOut))


class HistoryLine(Schema):
    seq = fields.Integer()
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String()
    from_state = fields.String(allow_none=True)
    to_state = fields.String()
    note = fields.String()


class HistoryOut(Schema):
    ticket_id = fields.String()
    items = fields.List(fields.Nested(HistoryLine))


# --- settings -------------------------------------------------------------------------------

class WindowSchema(Schema):
    start = fields.String(required=True, validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="must be HH:MM"))
    end = fields.String(required=True, validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="must be HH:MM"))


class CalendarSchema(Schema):
    timezone = fields.String(load_default="Asia/Shanghai", validate=validate.Length(min=1, max=64))
    weekly_hours = fields.List(fields.List(fields.Nested(WindowSchema)), required=True,
                               validate=validate.Length(equal=7, error="needs 7 days, Monday first"))
    holidays = fields.List(fields.Date(), load_default=list)
    extra_working_days = fields.List(fields.Date(), load_default=list)
    extra_day_hours = fields.List(fields.Nested(WindowSchema))


class RulesSchema(Schema):
    # Bounded like billing's amounts: unbounded, a number past 2**63 could not be stored (a 500, not a 422).
    hq_loss_threshold_fen = fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_FEN))
    warranty_months = fields.Integer(strict=True, validate=validate.Range(min=0, max=120))
    clutter_notices = fields.Integer(strict=True, validate=validate.Range(min=1, max=20))
    repeat_window_days = fields.Integer(strict=True, validate=validate.Range(min=1, max=365))


class TargetIn(Schema):
    """One SLA target; the bounds are the domain's (domain/sla.py), so the document states them too."""
    minutes = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_TARGET_MINUTES))
    clock = fields.String(validate=validate.OneOf(["24x7", "business"]))


class PolicyIn(Schema):
    """TK-4's targets; each missing one keeps its default."""
    help_first_response = fields.Nested(TargetIn)
    immediate_on_site = fields.Nested(TargetIn)
    urgent_on_site = fields.Nested(TargetIn)
    urgent_fixed = fields.Nested(TargetIn)
    general_fixed = fields.Nested(TargetIn)
    off_catalogue_assessed = fields.Nested(TargetIn)
    escalation_multiples = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ESCALATION_MULTIPLE)),
        validate=validate.Length(equal=3), metadata={"description": "supervisor, manager, HQ: e.g. [1, 2, 3]"})


class SettingsIn(Schema):
    policy = fields.Nested(PolicyIn, metadata={
        "description": 'e.g. {"general_fixed": {"minutes": 2880, "clock": "business"}, "escalation_multiples": [1, 2, 3]}'})
    calendar = fields.Nested(CalendarSchema)
    rules = fields.Nested(RulesSchema)


class SettingsOut(Schema):
    policy = Doc()
    calendar = Doc()
    rules = Doc()
    updated_at = fields.DateTime(allow_none=True)
    updated_by = fields.String(allow_none=True)


# --- complaints -----------------------------------------------------------------------------

class AnalysisIn(Schema):
    cause = fields.String(required=True, validate=validate.OneOf(
        ["staff_error", "staff_caused_loss", "another_owner", "developer_legacy"]))
    outcome = fields.String(required=True, validate=validate.OneOf(["explanation_suffices", "non_conformance"]))
    loss_fen = fields.Integer(load_default=0, strict=True, validate=validate.Range(min=0, max=MAX_FEN))
    project_can_resolve = fields.Boolean(load_default=True)


class RecordIn(Schema):
    corrective_action = Text(required=True)
    corrective_deadline = fields.AwareDateTime(required=True)


class NoteIn(Schema):
    note = Text(required=True)


class ResultIn(Schema):
    result = Text(required=True)


class CapaIn(Schema):
    corrective = Text(5000, required=True)
    preventive = Text(5000, required=True)


class ProjectQuery(Schema):
    project = fields.String(validate=validate.Length(min=1, max=64),
                            metadata={"description": "HQ tokens: the project to act in"})


class RecordOut(Schema):
    id = fields.String(attribute="_id")
    ticket_id = fields.String()
    unit_id = fields.String(allow_none=True)
    analysis = Doc()
    corrective_action = fields.String()
    corrective_deadline = fields.DateTime()
    threshold_fen = fields.Integer()
    approver = fields.String()
    status = fields.String()
    approved_by = fields.String(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    corrected_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    capa_report_filed_at = fields.DateTime(allow_none=True)
    capa_report = Doc(allow_none=True)
    overdue = fields.Boolean()
    capa_report_required = fields.Boolean()
    log = fields.List(Doc())


class RecordQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(["awaiting_approval", "approved", "corrected", "closed",
                                                    "capa_filed"]))
    ticket_id = fields.String(validate=validate.Length(min=1, max=64))
    overdue = fields.Boolean()


RecordPage = page_schema(RecordOut, "RecordPage")


# --- disputes and clutter -------------------------------------------------------------------

PARTICIPANTS = ["complainant", "other_party", "property_staff", "residents_committee", "owners_committee", "police"]


class DisputeIn(Schema):
    parties = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True,
                          validate=validate.Length(min=2, max=20))


class DisputeStepIn(Schema):
    description = Text(required=True)
    participants = fields.List(fields.String(validate=validate.OneOf(PARTICIPANTS)), required=True,
                               validate=validate.Length(min=1))


class SettleIn(Schema):
    settlement = Text(required=True)


class ClutterIn(Schema):
    location = Text(200, required=True)


class EmptyIn(Schema):
    pass


class RemovalIn(Schema):
    storage_number = Text(64, required=True)


class ReleaseIn(Schema):
    owner_signature = Text(100, required=True)


# --- duty log and hand-overs ----------------------------------------------------------------

class DutyEntryIn(Schema):
    text = Text(required=True)
    matter = fields.String(validate=validate.Length(min=1, max=100))
    closes_matter = fields.Boolean(load_default=False)


class DutyEntryOut(Schema):
    id = fields.String(attribute="_id")
    at = fields.DateTime()
    recorded_by = fields.String()
    text = fields.String()
    matter = fields.String(allow_none=True)
    closes_matter = fields.Boolean()


DutyPage = page_schema(DutyEntryOut, "DutyPage")


class HandoverIn(Schema):
    incoming = Text(100, required=True)
    notes = fields.String(load_default="", validate=validate.Length(max=5000))


class HandoverOut(Schema):
    id = fields.String(attribute="_id")
    outgoing = fields.String()
    incoming = fields.String()
    prepared_at = fields.DateTime()
    carried_over = fields.List(fields.String())
    notes = fields.String()
    signed_at = fields.DateTime(allow_none=True)
    signed_by = fields.String(allow_none=True)


HandoverPage = page_schema(HandoverOut, "HandoverPage")


# --- reports --------------------------------------------------------------------------------

MAX_REPORT_MONTHS = 24  # two years side by side: what a dashboard compares, and a bound on one aggregation


class MonthQuery(Schema):
    month = fields.String(required=True, validate=MONTH)


class HqMonthQuery(MonthQuery):
    project = fields.List(fields.String(validate=validate.Length(min=1, max=64)))


class KindRow(Schema):
    kind = fields.String()
    volume = fields.Integer()
    sla_decided = fields.Integer()
    sla_met = fields.Integer()
    sla_compliance = fields.Float(allow_none=True)
    resolved = fields.Integer()
    mean_hours_to_resolve = fields.Float(allow_none=True)
    repeat_complaints = fields.Integer()
    satisfaction_average = fields.Float(allow_none=True)
    satisfaction_count = fields.Integer()


class MonthlyOut(Schema):
    project = fields.String()
    month = fields.String()
    kinds = fields.List(fields.Nested(KindRow))


class ProjectRows(Schema):
    project = fields.String()
    kinds = fields.List(fields.Nested(KindRow))


class HqMonthlyOut(Schema):
    month = fields.String()
    projects = fields.List(fields.Nested(ProjectRows))


class HqMonthsQuery(Schema):
    from_ = fields.String(required=True, data_key="from", attribute="from", validate=MONTH,
                          metadata={"description": "first month, YYYY-MM"})
    to = fields.String(required=True, validate=MONTH, metadata={"description": "last month, YYYY-MM, inclusive"})
    project = fields.List(fields.String(validate=validate.Length(min=1, max=64)),
                          metadata={"description": "only these projects (repeat the parameter)"})

    @validates_schema
    def _range(self, data, **_):
        if data["to"] < data["from"]:
            raise ValidationError("must not be before 'from'", "to")
        first, last = (int(data[k][:4]) * 12 + int(data[k][5:]) for k in ("from", "to"))
        if last - first >= MAX_REPORT_MONTHS:
            raise ValidationError(f"at most {MAX_REPORT_MONTHS} months", "to")


class MonthKinds(Schema):
    month = fields.String()
    kinds = fields.List(fields.Nested(KindRow))


class ProjectMonths(Schema):
    project = fields.String()
    months = fields.List(fields.Nested(MonthKinds))


class HqMonthsOut(Schema):
    from_ = fields.String(data_key="from", attribute="from")
    to = fields.String()
    projects = fields.List(fields.Nested(ProjectMonths))
