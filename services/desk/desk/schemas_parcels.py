"""Request and response shapes of parcels, mail and newspapers 包裹/邮件/报纸."""
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, fields, validate

from .domain.parcels import CODE_DIGITS, ParcelKind, ParcelStatus
from .schemas_common import LABEL, NAME, REQUIRED_TEXT, TEXT, UNIT, PersonIn

KINDS = [str(k) for k in ParcelKind]


class ParcelIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS), metadata={
        "description": "parcel 包裹 | mail 邮件 | newspaper 报纸"})
    carrier = fields.String(validate=validate.Length(max=64))
    tracking_number = fields.String(validate=validate.Length(max=64))
    unit_id = fields.String(required=True, validate=UNIT)
    recipient_name = fields.String(required=True, validate=NAME, metadata={"description": "as written on the label"})
    shelf = fields.String(required=True, validate=LABEL)
    note = fields.String(validate=TEXT)


class PickupOut(Schema):
    method = fields.String(metadata={"description": "code | signature"})
    collector_name = fields.String(allow_none=True)
    collector_id_last4 = fields.String(allow_none=True)
    reason = fields.String(allow_none=True, metadata={"description": "why the code was not used"})


class ParcelOut(Schema):
    id = fields.String(attribute="_id")
    kind = fields.String()
    carrier = fields.String()
    tracking_number = fields.String()
    unit_id = fields.String()
    recipient_name = fields.String()
    shelf = fields.String()
    note = fields.String()
    status = fields.String(metadata={"description": "waiting | picked_up"})
    received_at = fields.DateTime()
    received_by = fields.String()
    unclaimed = fields.Boolean(metadata={"description": "still waiting after the project's number of days"})
    locked = fields.Boolean(metadata={"description": "five wrong codes: a supervisor must unlock it"})
    locked_at = fields.DateTime(allow_none=True)
    wrong_codes = fields.Integer()
    attempts_left = fields.Integer()
    picked_up_at = fields.DateTime(allow_none=True)
    handed_over_by = fields.String(allow_none=True)
    pickup = fields.Nested(PickupOut, allow_none=True)


class ReceivedOut(ParcelOut):
    pickup_code = fields.String(allow_none=True, metadata={
        "description": "取件码: shown once, here, for the resident's notice; never stored or shown again (a replay "
                       "of the request answers null)"})


class ParcelQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([str(s) for s in ParcelStatus]))
    kind = fields.String(validate=validate.OneOf(KINDS))
    unit_id = fields.String(validate=UNIT)
    shelf = fields.String(validate=LABEL)
    locked = fields.Boolean()
    unclaimed = fields.Boolean(metadata={"description": "true: only those waiting past the project's days"})


class CodePickupIn(Schema):
    code = fields.String(required=True, validate=validate.Regexp(rf"^[0-9]{{{CODE_DIGITS}}}$",
                                                                 error=f"{CODE_DIGITS} digits"))
    collector_name = fields.String(validate=NAME)


class SignaturePickupIn(Schema):
    collector = fields.Nested(PersonIn, required=True, metadata={"description": "who signs for it"})
    reason = fields.String(required=True, validate=REQUIRED_TEXT, metadata={"description": "why not by code"})


class UnlockIn(Schema):
    reason = fields.String(required=True, validate=REQUIRED_TEXT)


class ShelfParcel(Schema):
    parcel_id = fields.String()
    unit_id = fields.String()
    kind = fields.String()
    received_at = fields.DateTime()
    unclaimed = fields.Boolean()


class Shelf(Schema):
    shelf = fields.String()
    count = fields.Integer()
    unclaimed = fields.Integer()
    parcels = fields.List(fields.Nested(ShelfParcel))


class ShelfCountOut(Schema):
    counted_at = fields.DateTime()
    unclaimed_after_days = fields.Integer()
    total = fields.Integer()
    shelves = fields.List(fields.Nested(Shelf))


ParcelPage = page_schema(ParcelOut, "ParcelPage")
