"""Request and response shapes of renovation applications 装修申请 and their review."""
from datetime import date

from kefulib.web import PageQuery
from marshmallow import Schema, fields, validate

from .domain.applications import ATTACHMENTS, FLAGS, Applicant, ReviewStep, ScopeItem, Status
from .domain.review_clock import MAX_HOURS
from .schemas_common import NAME, PHONE, REF, REQUIRED_TEXT, TEXT, UNIT, page_of_schema

DAY = {"validate": validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31))}
HOURS = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="a time like 08:00")
STATUSES = [str(s) for s in Status]


class ApplicantIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([str(a) for a in Applicant]),
                         metadata={"description": "owner 业主本人 | agent 代理人 (with the authorisation attached)"})
    name = fields.String(required=True, validate=NAME)
    phone = fields.String(validate=PHONE)


class ContractorIn(Schema):
    company = fields.String(required=True, validate=validate.Length(min=1, max=200), metadata={
        "description": "装修单位"})
    licence_number = fields.String(validate=validate.Length(min=1, max=64), metadata={"description": "营业执照号"})
    name = fields.String(required=True, validate=NAME, metadata={"description": "the site's person in charge"})
    phone = fields.String(required=True, validate=PHONE)


class ScopeIn(Schema):
    items = fields.List(fields.String(validate=validate.OneOf([str(s) for s in ScopeItem])), required=True,
                        validate=validate.Length(min=1, max=len(ScopeItem)))
    description = fields.String(validate=TEXT)


class HoursIn(Schema):
    start = fields.String(required=True, validate=HOURS)
    end = fields.String(required=True, validate=HOURS)


class AttachmentIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([str(a) for a in ATTACHMENTS]))
    ref = fields.String(required=True, validate=REF, metadata={"description": "the archive's file or scan id"})


class ApplicationIn(Schema):
    applicant = fields.Nested(ApplicantIn, required=True)
    owner_name = fields.String(validate=NAME, metadata={"description": "the owner, when an agent applies"})
    contractor = fields.Nested(ContractorIn, required=True)
    scope = fields.Nested(ScopeIn, required=True)
    planned_start = fields.Date(required=True, **DAY)
    planned_end = fields.Date(required=True, **DAY)
    working_hours = fields.Nested(HoursIn, required=True, metadata={"description": "within 07:00-20:00"})
    workers_planned = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=200))
    attachments = fields.List(fields.Nested(AttachmentIn), validate=validate.Length(max=50), load_default=list)
    note = fields.String(validate=TEXT)


class NewApplicationIn(ApplicationIn):
    unit_id = fields.String(required=True, validate=UNIT, metadata={"description": "the unit, as in identity"})


class ResubmitIn(ApplicationIn):
    """The corrected application, all its fields again."""


class ReviewIn(Schema):
    step = fields.String(required=True, validate=validate.OneOf([str(s) for s in ReviewStep]),
                         metadata={"description": "completeness (CS) | drawings (engineering) | approval (manager)"})
    decision = fields.String(required=True, validate=validate.OneOf(["pass", "refuse"]))
    reason = fields.String(validate=REQUIRED_TEXT, metadata={"description": "required to refuse: the owner reads it"})
    flags = fields.List(fields.String(validate=validate.OneOf([str(f) for f in FLAGS])),
                        validate=validate.Length(max=len(FLAGS)),
                        metadata={"description": "drawings only: what the patrols must watch"})
    note = fields.String(validate=TEXT)


class ApplicationQuery(PageQuery):
    unit_id = fields.String(validate=UNIT)
    status = fields.String(validate=validate.OneOf(STATUSES))
    flagged = fields.Boolean(metadata={"description": "active renovations engineering flagged, for the patrols"})
    overdue = fields.Boolean(metadata={"description": "waiting on a review step past its deadline"})


def _hours(step: str):
    return fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_HOURS),
                          metadata={"description": f"hours the {step} step has, from the moment an application "
                                                   f"enters it (1 to {MAX_HOURS})"})


class ReviewHoursIn(Schema):
    completeness_hours = _hours("completeness (CS 资料审核)")
    drawings_hours = _hours("drawings (工程图纸审核)")
    approval_hours = _hours("approval (经理审批)")


class ReviewHoursOut(Schema):
    completeness_hours = fields.Integer()
    drawings_hours = fields.Integer()
    approval_hours = fields.Integer()


class ApplicantOut(Schema):
    kind = fields.String()
    name = fields.String(metadata={"description": "in full on the record; 王** in lists"})
    phone = fields.String(allow_none=True, metadata={"description": "on the record only"})


class ContractorOut(Schema):
    company = fields.String()
    licence_number = fields.String(allow_none=True)
    name = fields.String()
    phone = fields.String(allow_none=True)


class ScopeOut(Schema):
    items = fields.List(fields.String())
    description = fields.String()


class HoursOut(Schema):
    start = fields.String()
    end = fields.String()


class AttachmentOut(Schema):
    kind = fields.String()
    ref = fields.String()


class ReviewOut(Schema):
    step = fields.String()
    decision = fields.String(metadata={"description": "passed | refused | resubmitted"})
    reason = fields.String(allow_none=True)
    flags = fields.List(fields.String())
    note = fields.String()
    by = fields.String()
    at = fields.DateTime()
    round = fields.Integer()


class ReturnedOut(Schema):
    step = fields.String()
    reason = fields.String(allow_none=True)
    at = fields.DateTime()


class FeeLineOut(Schema):
    fee = fields.String(metadata={"description": "deposit 装修押金 | management_fee 装修管理费 | pass_fees 出入证工本费"})
    description = fields.String()
    quantity = fields.Integer()
    unit_price_fen = fields.Integer()


class FeesOut(Schema):
    lines = fields.List(fields.Nested(FeeLineOut))
    total_fen = fields.Integer()
    requested_at = fields.DateTime()
    charge_id = fields.String(allow_none=True, metadata={"description": "billing's charge, once billing numbered it"})
    slip_number = fields.String(allow_none=True)
    paid_fen = fields.Integer(metadata={"description": "paid at billing's cashier, from its payment events"})
    paid_at = fields.DateTime(allow_none=True)


class PermitOut(Schema):
    number = fields.Integer(metadata={"description": "the project's own sequence, gap-free from 1"})
    label = fields.String(metadata={"description": "as printed on the 装修许可证"})
    issued_at = fields.DateTime()
    valid_from = fields.String()
    valid_until = fields.String()
    working_hours = fields.Nested(HoursOut)


class ReviewClockOut(Schema):
    step = fields.String()
    round = fields.Integer()
    hours = fields.Integer(metadata={"description": "the project's hours for the step when it started"})
    started_at = fields.DateTime()
    level = fields.Integer(metadata={"description": "escalation level reached: 0 none yet, 1 supervisor, "
                                                    "2 project manager, 3 HQ"})


class EscalationOut(Schema):
    step = fields.String()
    round = fields.Integer()
    level = fields.Integer()
    due_at = fields.DateTime()
    reported_at = fields.DateTime()
    roles = fields.List(fields.String())


class ApplicationOut(Schema):
    id = fields.String(attribute="_id")
    unit_id = fields.String()
    applicant = fields.Nested(ApplicantOut)
    owner_name = fields.String(allow_none=True)
    contractor = fields.Nested(ContractorOut)
    scope = fields.Nested(ScopeOut)
    planned_start = fields.String()
    planned_end = fields.String()
    working_hours = fields.Nested(HoursOut)
    workers_planned = fields.Integer()
    attachments = fields.List(fields.Nested(AttachmentOut))
    missing_papers = fields.List(fields.String(), metadata={"description": "required papers not attached yet"})
    note = fields.String()
    status = fields.String(metadata={"description": " | ".join(STATUSES)})
    round = fields.Integer(metadata={"description": "1, and one more at each resubmission"})
    submitted_at = fields.DateTime()
    submitted_by = fields.String()
    updated_at = fields.DateTime()
    reviews = fields.List(fields.Nested(ReviewOut))
    flags = fields.List(fields.String(), metadata={"description": "engineering's, kept for the patrols"})
    returned = fields.Nested(ReturnedOut, allow_none=True, metadata={"description": "the refusal to correct"})
    fees = fields.Nested(FeesOut, allow_none=True)
    permit = fields.Nested(PermitOut, allow_none=True)
    review_due_at = fields.DateTime(allow_none=True, metadata={"description": "the deadline of the review step it "
                                                                             "waits on; null off the review steps"})
    overdue = fields.Boolean(metadata={"description": "review_due_at has passed"})
    review_clock = fields.Nested(ReviewClockOut, allow_none=True)
    review_escalations = fields.List(fields.Nested(EscalationOut), metadata={
        "description": "each level announced (renovation.review.overdue), oldest first"})
    completion = fields.Nested("CompletionOut", allow_none=True,
                               metadata={"description": "the completion, its acceptance, deductions and refund"})


ApplicationPage = page_of_schema(ApplicationOut, "ApplicationPage")
