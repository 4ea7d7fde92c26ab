"""Request and response shapes of move-in 入伙 (DK-1)."""
from datetime import date

from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .domain.move_ins import HANDOVER_KEY_KINDS, STEPS, UTILITIES, Status
from .schemas_common import NAME, PHONE, REQUIRED_TEXT, STAFF, TEXT, UNIT, PersonIn
from .schemas_messages import EmptyIn  # noqa: F401  (one empty body shape for the whole service)

SLOT = validate.Regexp(r"^\d{2}:\d{2}-\d{2}:\d{2}$", error="a time slot like 09:00-09:30")
DAY = {"validate": validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31))}
STATUSES = [str(s) for s in Status]
STEP_NAMES = [str(s) for s in STEPS]


class MoveInIn(Schema):
    unit_id = fields.String(required=True, validate=UNIT, metadata={"description": "the unit, as in identity"})
    date = fields.Date(required=True, **DAY, metadata={"description": "the appointment's day (the project's)"})
    slot = fields.String(required=True, validate=SLOT, metadata={"description": "09:00-09:30"})
    owner_name = fields.String(required=True, validate=NAME, metadata={"description": "as booked; masked in lists"})
    clerk_id = fields.String(required=True, validate=STAFF, metadata={"description": "the staff member receiving"})
    note = fields.String(validate=TEXT)


class RescheduleIn(Schema):
    date = fields.Date(required=True, **DAY)
    slot = fields.String(required=True, validate=SLOT)
    clerk_id = fields.String(validate=STAFF)
    reason = fields.String(validate=TEXT)


class CancelIn(Schema):
    reason = fields.String(required=True, validate=REQUIRED_TEXT)


class MoveInQuery(PageQuery):
    date = fields.Date(**DAY, metadata={"description": "the day's appointments"})
    unit_id = fields.String(validate=UNIT)
    status = fields.String(validate=validate.OneOf(STATUSES))
    clerk_id = fields.String(validate=STAFF)


class StepOut(Schema):
    step = fields.String(metadata={"description": " | ".join(STEP_NAMES)})
    title = fields.String()
    done = fields.Boolean()
    done_at = fields.DateTime(allow_none=True)
    done_by = fields.String(allow_none=True)
    duration_seconds = fields.Integer(allow_none=True, metadata={
        "description": "from the previous step done (or the start) to this one"})
    detail = fields.Dict(metadata={"description": "what the step recorded (codes, charge ids, key ids, readings)"})


class HistoryOut(Schema):
    action = fields.String()
    at = fields.DateTime()
    by = fields.String()
    from_date = fields.String(allow_none=True)
    from_slot = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


class MoveInOut(Schema):
    id = fields.String(attribute="_id")
    unit_id = fields.String()
    date = fields.String()
    slot = fields.String()
    owner_name = fields.String(metadata={"description": "in full on the record; 王** in lists"})
    clerk_id = fields.String()
    note = fields.String()
    status = fields.String(metadata={"description": " | ".join(STATUSES)})
    booked_by = fields.String()
    booked_at = fields.DateTime()
    history = fields.List(fields.Nested(HistoryOut))
    started_at = fields.DateTime(allow_none=True)
    started_by = fields.String(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    finished_by = fields.String(allow_none=True)
    duration_seconds = fields.Integer(allow_none=True)
    target_minutes = fields.Integer(allow_none=True)
    over_target = fields.Boolean(allow_none=True)
    elapsed_seconds = fields.Integer(allow_none=True, metadata={"description": "so far, while the flow runs"})
    since_last_step_seconds = fields.Integer(allow_none=True, metadata={
        "description": "time on the step being worked on now"})
    steps = fields.List(fields.Nested(StepOut))
    missing_steps = fields.List(fields.String())


class ChecklistItemOut(Schema):
    code = fields.String()
    title_zh = fields.String()


class ChecklistStateOut(Schema):
    received = fields.List(fields.String(), metadata={"description": "codes identity has received"})
    missing = fields.List(fields.Nested(ChecklistItemOut), metadata={"description": "still missing, in order"})


class DocumentsOut(ChecklistStateOut):
    move_in_id = fields.String()
    unit_id = fields.String()


class DocumentsIn(Schema):
    received = fields.List(fields.String(validate=validate.Regexp(r"^MI-[0-9]{2}$", error="a move-in code MI-nn")),
                           required=True, validate=validate.Length(max=50),
                           metadata={"description": "codes handed in now (empty: check again)"})


class MoveInWithDocumentsOut(MoveInOut):
    documents = fields.Nested(ChecklistStateOut, metadata={"description": "identity's checklist after the marking"})


class ChargeOut(Schema):
    charge_id = fields.String()
    slip_number = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    status = fields.String()
    amount_fen = fields.Integer()
    outstanding_fen = fields.Integer()
    description = fields.String()


class FeesOut(Schema):
    move_in_id = fields.String()
    unit_id = fields.String()
    charges = fields.List(fields.Nested(ChargeOut))
    due = fields.List(fields.String(), metadata={"description": "ids of the charges still to pay"})
    due_fen = fields.Integer()


class FeesIn(Schema):
    waive_reason = fields.String(validate=REQUIRED_TEXT, metadata={
        "description": "CS supervisor or project manager: done although charges are unpaid"})


class KeysIn(Schema):
    key_ids = fields.List(fields.String(validate=validate.Length(min=1, max=128)), required=True,
                          validate=validate.Length(min=1, max=50),
                          metadata={"description": "the unit's keys in the register, handed over"})
    counts = fields.Dict(keys=fields.String(validate=validate.OneOf(HANDOVER_KEY_KINDS)),
                         values=fields.Integer(strict=True, validate=validate.Range(min=0, max=50)), required=True,
                         metadata={"description": "keys per kind signed for: " + ", ".join(HANDOVER_KEY_KINDS)})
    signed_by = fields.Nested(PersonIn, required=True, metadata={"description": "the owner (or agent) signing"})
    form_ref = fields.String(validate=TEXT, metadata={"description": "where the signed 签领钥匙登记表 is filed"})


class UtilityIn(Schema):
    utility = fields.String(required=True, validate=validate.OneOf([str(u) for u in UTILITIES]))
    meter_reading = fields.String(validate=validate.Regexp(r"^[0-9]{1,9}(\.[0-9]{1,3})?$", error="a reading like 0123.5"),
                                  metadata={"description": "the meter's reading at hand-over, as read"})
    account_ref = fields.String(validate=validate.Length(min=1, max=64),
                                metadata={"description": "the provider's account or order number"})
    not_applicable_reason = fields.String(validate=REQUIRED_TEXT)


class UtilitiesIn(Schema):
    items = fields.List(fields.Nested(UtilityIn), required=True, validate=validate.Length(min=1, max=5))

    @validates_schema
    def each_once(self, data, **kwargs):
        names = [item["utility"] for item in data.get("items", [])]
        if len(set(names)) != len(names):
            raise ValidationError("each utility once", field_name="items")


class OwnerFormIn(Schema):
    """业主登记表 (seed 000 3.1.2): 姓名、身份证号码、联系地址、联系电话 — sent on to identity's owner archive."""
    name = fields.String(required=True, validate=NAME)
    id_number = fields.String(validate=validate.Regexp(r"^[0-9A-Za-z]{6,30}$", error="6-30 letters or digits"))
    address = fields.String(validate=validate.Length(max=300))
    phone = fields.String(validate=PHONE)
    gender = fields.String(validate=validate.OneOf(["female", "male", "other"]))


class RegistrationIn(Schema):
    owner = fields.Nested(OwnerFormIn, metadata={"description": "the form, recorded in identity's owner archive"})
    owner_id = fields.String(validate=validate.Length(min=1, max=128), metadata={
        "description": "or: the unit's current owner archive in identity, recorded earlier"})
    has_agent = fields.Boolean(load_default=False, metadata={"description": "是否委托代理人"})
    agent_name = fields.String(validate=NAME)
    form_ref = fields.String(validate=TEXT, metadata={"description": "where the paper form is filed"})

    @validates_schema
    def one_source(self, data, **kwargs):
        if bool(data.get("owner")) == bool(data.get("owner_id")):
            raise ValidationError("give the owner's form or the owner_id of identity's archive", field_name="owner")


class ReportQuery(Schema):
    from_ = fields.Date(required=True, data_key="from", **DAY)
    to = fields.Date(required=True, **DAY)

    @validates_schema
    def ordered(self, data, **kwargs):
        if data.get("from_") and data.get("to") and data["to"] < data["from_"]:
            raise ValidationError("not before from", field_name="to")


class HqReportQuery(ReportQuery):
    project = fields.List(fields.String(validate=validate.Length(min=1, max=64)))


class SlowOut(Schema):
    move_in_id = fields.String()
    unit_id = fields.String()
    date = fields.String()
    duration_seconds = fields.Integer()
    slowest_step = fields.String()
    slowest_step_seconds = fields.Integer()
    step_seconds = fields.Dict(keys=fields.String(), values=fields.Integer())


class ReportRow(Schema):
    count = fields.Integer()
    target_minutes = fields.Integer()
    median_seconds = fields.Float(allow_none=True)
    p90_seconds = fields.Float(allow_none=True, metadata={"description": "nearest rank"})
    over_target = fields.Integer()
    within_target_ratio = fields.Float(allow_none=True)
    slowed_by = fields.Dict(keys=fields.String(), values=fields.Integer(),
                            metadata={"description": "per step, how many slow move-ins it slowed most"})
    slow = fields.List(fields.Nested(SlowOut), metadata={"description": "over target, slowest first"})


class ReportOut(ReportRow):
    project = fields.String()
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()


class HqProjectRow(ReportRow):
    project = fields.String()


class HqReportOut(Schema):
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    projects = fields.List(fields.Nested(HqProjectRow))


MoveInPage = page_schema(MoveInOut, "MoveInPage")
