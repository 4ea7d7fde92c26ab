"""Request and response shapes of visits' REST API.

Inputs refuse unknown fields (marshmallow's default), so a phone number or address sent by
mistake is refused, never stored. Visitor outputs carry only ``VISITOR_VIEW_FIELDS``.
"""
from kefulib.web import DAY_RANGE, PageQuery, page_schema
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .domain import DOCUMENT_TYPES, MEASURE_STATUSES

DOC_TYPES = sorted(DOCUMENT_TYPES)
# Keys of the maps below are stored as MongoDB field names, where a NUL byte is refused by the driver (it was a 500)
# and "$" and "." have meanings of their own. Role names and person ids need none of them.
KEY = validate.Regexp(r"^[A-Za-z0-9_-]+$", error="letters, digits, '_' and '-' only")


def _text(max_len: int, **kwargs):
    return fields.String(validate=validate.Length(min=1, max=max_len), **kwargs)


# ---- visitors ----------------------------------------------------------------------------------------------

class DocumentIn(Schema):
    document_type = fields.String(required=True, validate=validate.OneOf(DOC_TYPES))
    document_number = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=64),
                                    metadata={"description": "Stored only masked and as a keyed fingerprint."})


class CheckInIn(DocumentIn):
    visitor_name = _text(100, required=True)
    unit_id = _text(64, required=True, metadata={"description": "The unit visited (楼-层-房号)"})
    purpose = fields.String(load_default="", validate=validate.Length(max=500))
    badge_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=32))


class PreRegisteredCheckInIn(DocumentIn):
    visitor_name = fields.String(validate=validate.Length(max=100),
                                 metadata={"description": "Defaults to the pre-registered guest's name"})
    purpose = fields.String(load_default="", validate=validate.Length(max=500))
    badge_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=32))


class VisitorOut(Schema):
    """Exactly the fields a visitor record may carry outward (VS-2)."""

    id = fields.String()
    visitor_name = fields.String()
    document_type = fields.String()
    document_masked = fields.String(metadata={"description": "All but the last 4 characters hidden"})
    unit_id = fields.String()
    purpose = fields.String()
    badge_number = fields.String(allow_none=True)
    checked_in_at = fields.DateTime()
    checked_out_at = fields.DateTime(allow_none=True)
    admitted_by = fields.String(allow_none=True)
    reason_code = fields.String(metadata={"description": "Why the visitor was let in"})


class CheckOutIn(Schema):
    at = fields.AwareDateTime(metadata={"description": "Defaults to now"})


class VisitorQuery(PageQuery):
    on_site = fields.Boolean()
    date = fields.Date(validate=DAY_RANGE, metadata={"description": "Day of check-in on the project's clock"})
    unit_id = fields.String(validate=validate.Length(max=64))


class LogQuery(Schema):
    date = fields.Date(validate=DAY_RANGE, metadata={"description": "Defaults to today on the project's clock"})


class HostCallIn(DocumentIn):
    visitor_name = _text(100, required=True)
    unit_id = _text(64, required=True)
    given = fields.Boolean(required=True, metadata={"description": "The host agreed (true) or refused (false)"})


class HostCallOut(Schema):
    id = fields.String(attribute="_id")
    visitor_name = fields.String()
    unit_id = fields.String()
    document_type = fields.String()
    document_masked = fields.String()
    given = fields.Boolean()
    recorded_at = fields.DateTime()
    recorded_by = fields.String()


class PreRegistrationIn(Schema):
    unit_id = _text(64, required=True)
    guest_name = fields.String(load_default="", validate=validate.Length(max=100))
    valid_from = fields.AwareDateTime(required=True)
    valid_until = fields.AwareDateTime(required=True)
    document_type = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(DOC_TYPES))
    document_number = fields.String(load_default=None, allow_none=True, load_only=True,
                                    validate=validate.Length(min=1, max=64))


class PreRegistrationOut(Schema):
    id = fields.String(attribute="_id")
    unit_id = fields.String()
    guest_name = fields.String()
    valid_from = fields.DateTime()
    valid_until = fields.DateTime()
    document_type = fields.String(allow_none=True)
    document_masked = fields.String(allow_none=True)
    cancelled = fields.Boolean()
    created_by = fields.String()
    created_at = fields.DateTime()


class PreRegistrationQuery(PageQuery):
    unit_id = fields.String(validate=validate.Length(max=64))
    valid_now = fields.Boolean()


class WatchListIn(DocumentIn):
    reason = _text(500, required=True, metadata={"description": "What the desk is told"})
    active_from = fields.AwareDateTime(load_default=None, allow_none=True)
    active_until = fields.AwareDateTime(load_default=None, allow_none=True)


class WatchListOut(Schema):
    id = fields.String(attribute="_id")
    document_type = fields.String()
    document_masked = fields.String()
    reason = fields.String()
    active_from = fields.DateTime(allow_none=True)
    active_until = fields.DateTime(allow_none=True)
    added_by = fields.String()
    added_at = fields.DateTime()


# ---- return visits -------------------------------------------------------------------------------------------

class OutcomeOut(Schema):
    method = fields.String()
    satisfaction = fields.Integer()
    problem_came_back = fields.Boolean()
    comments = fields.String()


class HistoryOut(Schema):
    action = fields.String()
    by = fields.String(allow_none=True)
    at = fields.DateTime()


class ReturnVisitOut(Schema):
    id = fields.String(attribute="_id")
    ticket_id = fields.String()
    ticket_kind = fields.String(allow_none=True)
    unit_id = fields.String(allow_none=True)
    status = fields.String()
    scheduled = fields.Boolean(dump_default=False,
                               metadata={"description": "False for a placeholder recorded when the ticket came in"})
    round = fields.Integer(allow_none=True)
    source = fields.String(allow_none=True)
    due_at = fields.DateTime(allow_none=True)
    overdue = fields.Boolean()
    assignee = fields.String(allow_none=True)
    outcome = fields.Nested(OutcomeOut, allow_none=True)
    unhappy = fields.Boolean(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    completed_by = fields.String(allow_none=True, metadata={"description": "who recorded the outcome: the clerk, or "
                                                                          "`customer` for an answer by message"})
    cancel_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    history = fields.List(fields.Nested(HistoryOut))


class ReturnVisitQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(["pending", "assigned", "completed", "cancelled"]))
    ticket_id = fields.String()
    overdue = fields.Boolean(metadata={"description": "true: open visits past their due time, oldest due first"})


class AssignIn(Schema):
    assignee = _text(100, required=True)


class CompleteIn(Schema):
    method = fields.String(required=True, validate=validate.OneOf(["phone", "in_person"]))
    satisfaction = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    problem_came_back = fields.Boolean(required=True)
    comments = fields.String(load_default="", validate=validate.Length(max=2000))


class CancelIn(Schema):
    reason = _text(500, required=True)


# ---- settings ----------------------------------------------------------------------------------------------

class SettingsSchema(Schema):
    timezone = fields.String(validate=validate.Length(min=1, max=64))
    # Sent as a decimal string ("0.1"), so documented as one. The Range sits inside And() so that apispec does not
    # also write it as `minimum: "0"`/`maximum: "1"` (strings, invalid OpenAPI); the pattern documents the bounds.
    household_sample_ratio = fields.Decimal(as_string=True, validate=validate.And(validate.Range(min=0, max=1)),
                                            metadata={"description": "Share of ordinary households interviewed, 0 to 1",
                                                      "type": "string", "format": "decimal",
                                                      "pattern": r"^(0(\.[0-9]+)?|1(\.0+)?)$"})
    interview_quotas = fields.Dict(keys=fields.String(validate=[validate.Length(min=1, max=64), KEY]),
                                   values=fields.Integer(strict=True, validate=validate.Range(min=0, max=100)))
    return_visit_after_repair_hours = fields.Float(validate=validate.Range(min=0.25, max=24 * 30))
    return_visit_after_complaint_hours = fields.Float(validate=validate.Range(min=0.25, max=24 * 30))
    unhappy_at_or_below = fields.Integer(strict=True, validate=validate.Range(min=1, max=5))


# ---- interviews ----------------------------------------------------------------------------------------------

class YearlyPlanItemSchema(Schema):
    month = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=12))
    responsible_role = _text(64, required=True)
    scope = _text(200, required=True)
    content = _text(2000, required=True)


class YearlyPlanIn(Schema):
    items = fields.List(fields.Nested(YearlyPlanItemSchema), required=True, validate=validate.Length(max=500))


class YearlyPlanOut(YearlyPlanIn):
    id = fields.String(attribute="_id")
    year = fields.Integer()
    updated_by = fields.String()
    updated_at = fields.DateTime()


class PlannedInterviewSchema(Schema):
    interviewer_id = _text(100, required=True)
    unit_id = _text(64, required=True)
    planned_on = fields.Date(required=True)
    scope = fields.String(load_default="", validate=validate.Length(max=200))
    content = fields.String(load_default="", validate=validate.Length(max=2000))
    customer_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class MonthlyPlanIn(Schema):
    interviews = fields.List(fields.Nested(PlannedInterviewSchema), required=True, validate=validate.Length(max=2000))
    staff = fields.Dict(keys=fields.String(validate=[validate.Length(min=1, max=100), KEY]),
                        values=fields.String(validate=validate.Length(min=1, max=64)), load_default=dict,
                        metadata={"description": "person id -> role whose quota applies"})


class PlannedInterviewOut(Schema):
    interviewer_id = fields.String()
    unit_id = fields.String()
    planned_on = fields.String()
    scope = fields.String()
    content = fields.String()
    customer_id = fields.String(allow_none=True)


class MonthlyPlanOut(Schema):
    id = fields.String(attribute="_id")
    month = fields.String()
    interviews = fields.List(fields.Nested(PlannedInterviewOut))
    staff = fields.Dict(keys=fields.String(), values=fields.String())
    updated_by = fields.String()
    updated_at = fields.DateTime()


class KeyCustomerOut(Schema):
    customer_id = fields.String()
    unit_id = fields.String(allow_none=True)
    classes = fields.List(fields.String())


class TargetsOut(Schema):
    month = fields.String()
    household_sample_ratio = fields.String()
    key_customers = fields.List(fields.Nested(KeyCustomerOut))
    sampled_units = fields.List(fields.String())
    ordinary_units_known = fields.Integer()


class InterviewIn(Schema):
    unit_id = _text(64, required=True)
    customer_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    interviewed_at = fields.AwareDateTime(metadata={"description": "Defaults to now"})
    method = fields.String(load_default="in_person", validate=validate.OneOf(["in_person", "phone"]))
    scope = fields.String(load_default="", validate=validate.Length(max=200))
    needs = fields.String(load_default="", validate=validate.Length(max=5000))
    measures = fields.String(load_default="", validate=validate.Length(max=5000))
    measure_status = fields.String(load_default="none_needed", validate=validate.OneOf(MEASURE_STATUSES))
    satisfaction = fields.Integer(load_default=None, allow_none=True, strict=True,
                                  validate=validate.Range(min=1, max=5))


class MeasuresIn(Schema):
    measure_status = fields.String(required=True, validate=validate.OneOf(MEASURE_STATUSES))
    measures = fields.String(validate=validate.Length(max=5000))


class InterviewOut(Schema):
    id = fields.String(attribute="_id")
    interviewer_id = fields.String()
    interviewer_role = fields.String(allow_none=True)
    unit_id = fields.String()
    customer_id = fields.String(allow_none=True)
    interviewed_at = fields.DateTime()
    month = fields.String()
    method = fields.String()
    scope = fields.String()
    needs = fields.String()
    measures = fields.String()
    measure_status = fields.String()
    satisfaction = fields.Integer(allow_none=True)


class InterviewQuery(PageQuery):
    month = fields.String(validate=validate.Regexp(r"^\d{4}-\d{2}$"))
    interviewer_id = fields.String(validate=validate.Length(max=100))
    unit_id = fields.String(validate=validate.Length(max=64))


class MonthQuery(Schema):
    month = fields.String(validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"),
                          metadata={"description": "YYYY-MM; defaults to last month"})


class QuotaItemOut(Schema):
    person_id = fields.String()
    role = fields.String(allow_none=True)
    done = fields.Integer()
    required = fields.Integer()
    short = fields.Integer()


class QuotasOut(Schema):
    month = fields.String()
    items = fields.List(fields.Nested(QuotaItemOut))


class LateItemOut(Schema):
    kind = fields.String(metadata={"description": "key_customer_not_visited, quota_short or report_late"})
    subject_id = fields.String()
    month = fields.String()
    detail = fields.String()


class LateOut(Schema):
    month = fields.String()
    report_due_on = fields.Date()
    items = fields.List(fields.Nested(LateItemOut))


class ReportIn(Schema):
    month = fields.String(required=True, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"))
    summary = _text(20000, required=True)


class ReportOut(Schema):
    id = fields.String(attribute="_id")
    month = fields.String()
    summary = fields.String()
    submitted_at = fields.DateTime()
    submitted_by = fields.String()
    due_on = fields.String()
    late = fields.Boolean()
    interviews = fields.Integer()
    average_satisfaction = fields.Float(allow_none=True)
    open_measures = fields.Integer()


# ---- appointments --------------------------------------------------------------------------------------------

class WindowSchema(Schema):
    start = fields.Time(required=True, format="%H:%M")
    end = fields.Time(required=True, format="%H:%M")

    @validates_schema
    def ordered(self, data, **kwargs):
        if data["end"] <= data["start"]:
            raise ValidationError("end must be after start", "end")


class ResourceIn(Schema):
    name = _text(100, required=True)
    kind = fields.String(load_default="facility", validate=validate.OneOf(["facility", "service"]))
    description = fields.String(load_default="", validate=validate.Length(max=1000))
    weekly_hours = fields.Dict(
        keys=fields.String(validate=validate.OneOf([str(d) for d in range(7)])),
        values=fields.List(fields.Nested(WindowSchema), validate=validate.Length(max=12)), required=True,
        metadata={"description": 'weekday "0" (Monday) .. "6" -> [{"start": "09:00", "end": "12:00"}]'})
    slot_minutes = fields.Integer(load_default=30, strict=True, validate=validate.Range(min=5, max=24 * 60))
    capacity = fields.Integer(load_default=1, strict=True, validate=validate.Range(min=1, max=100))
    timezone = fields.String(load_default="Asia/Shanghai", validate=validate.Length(min=1, max=64))
    closed_on = fields.List(fields.Date(), load_default=list, validate=validate.Length(max=366))


class WindowOut(Schema):
    start = fields.String(metadata={"description": "HH:MM"})
    end = fields.String(metadata={"description": "HH:MM"})


class ResourceOut(Schema):
    id = fields.String(attribute="_id")
    name = fields.String()
    kind = fields.String()
    description = fields.String()
    weekly_hours = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(WindowOut)))
    slot_minutes = fields.Integer()
    capacity = fields.Integer()
    timezone = fields.String()
    closed_on = fields.List(fields.String())


class SlotQuery(Schema):
    date = fields.Date(required=True, validate=DAY_RANGE)


class SlotOut(Schema):
    start = fields.DateTime()
    end = fields.DateTime()
    capacity = fields.Integer()
    seats_free = fields.Integer()
    available = fields.Boolean()


class SlotsOut(Schema):
    resource_id = fields.String()
    date = fields.Date()
    timezone = fields.String()
    items = fields.List(fields.Nested(SlotOut))


class BookingIn(Schema):
    resource_id = _text(64, required=True)
    start = fields.AwareDateTime(required=True)
    unit_id = _text(64, required=True)
    purpose = fields.String(load_default="", validate=validate.Length(max=500))
    party_size = fields.Integer(load_default=1, strict=True, validate=validate.Range(min=1, max=500))


class BookingOut(Schema):
    id = fields.String(attribute="_id")
    resource_id = fields.String()
    resource_name = fields.String()
    start = fields.DateTime()
    end = fields.DateTime()
    seat = fields.Integer()
    unit_id = fields.String()
    purpose = fields.String()
    party_size = fields.Integer()
    status = fields.String()
    booked_by = fields.String()
    created_at = fields.DateTime()
    cancel_reason = fields.String(allow_none=True)


class BookingQuery(PageQuery):
    resource_id = fields.String(validate=validate.Length(max=64))
    status = fields.String(validate=validate.OneOf(["active", "cancelled"]))
    unit_id = fields.String(validate=validate.Length(max=64))
    date = fields.Date(validate=DAY_RANGE)


class BookingCancelIn(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=500))


VisitorPage = page_schema(VisitorOut, "VisitorOutPage")
PreRegistrationPage = page_schema(PreRegistrationOut, "PreRegistrationOutPage")
WatchListPage = page_schema(WatchListOut, "WatchListOutPage")
ReturnVisitPage = page_schema(ReturnVisitOut, "ReturnVisitOutPage")
KeyCustomerPage = page_schema(KeyCustomerOut, "KeyCustomerOutPage")
InterviewPage = page_schema(InterviewOut, "InterviewOutPage")
ReportPage = page_schema(ReportOut, "ReportOutPage")
ResourcePage = page_schema(ResourceOut, "ResourceOutPage")
BookingPage = page_schema(BookingOut, "BookingOutPage")
