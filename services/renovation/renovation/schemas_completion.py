"""Request and response shapes of completion 竣工: the owner's application, the acceptance, the deposit's refund."""
from marshmallow import Schema, fields, validate

from .domain.completion import CompletionStatus
from .schemas_common import REQUIRED_TEXT, TEXT
from .schemas_passes import DAY
from .schemas_patrols import PHOTOS


class CompletionIn(Schema):
    finished_on = fields.Date(required=True, **DAY, metadata={"description": "the day the work finished"})
    note = fields.String(validate=TEXT)
    photo_refs = PHOTOS


class DeductionIn(Schema):
    violation_id = fields.String(required=True, validate=validate.Length(min=1, max=128),
                                 metadata={"description": "an unrectified violation of this renovation"})
    amount_fen = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100_000_000))
    reason = fields.String(required=True, validate=REQUIRED_TEXT)


class InspectionIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["pass", "refuse"]))
    reason = fields.String(validate=TEXT, metadata={"description": "required to refuse"})
    deductions = fields.List(fields.Nested(DeductionIn), validate=validate.Length(max=50),
                             metadata={"description": "from the deposit, each with its reason; together at most it"})


class DeductionOut(Schema):
    violation_id = fields.String()
    notice_number = fields.String()
    amount_fen = fields.Integer()
    reason = fields.String()


class RefundOut(Schema):
    deposit_fen = fields.Integer()
    deducted_fen = fields.Integer()
    refund_fen = fields.Integer()
    charge_id = fields.String(allow_none=True)
    requested_at = fields.DateTime()


class InspectionOut(Schema):
    decision = fields.String()
    reason = fields.String()
    at = fields.DateTime()
    by = fields.String()
    passes = fields.Dict(keys=fields.String(), values=fields.Integer(),
                         metadata={"description": "the passes counted at the acceptance, by status"})


class CompletionOut(Schema):
    status = fields.String(metadata={"description": " | ".join(str(s) for s in CompletionStatus)})
    finished_on = fields.String()
    note = fields.String()
    photo_refs = fields.List(fields.String())
    requested_at = fields.DateTime()
    requested_by = fields.String()
    inspection = fields.Nested(InspectionOut, allow_none=True)
    deductions = fields.List(fields.Nested(DeductionOut), metadata={"description": "what the owner sees deducted"})
    refund = fields.Nested(RefundOut, allow_none=True)
