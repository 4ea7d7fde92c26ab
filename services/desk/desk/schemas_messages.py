"""Request and response shapes of phone messages 电话留言, items held 代管物品 and the desk's settings."""
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .domain.held_items import HeldStatus
from .domain.messages import MessageStatus
from .domain.settings import HOLDING_DAYS, MOVE_IN_TARGET_MINUTES, UNCLAIMED_DAYS, ZONES
from .schemas_common import LABEL, NAME, PHONE, REQUIRED_TEXT, STAFF, TEXT, UNIT, PersonIn, PersonOut, aware_time


class MessageIn(Schema):
    caller_name = fields.String(required=True, validate=NAME, metadata={"description": "来电人姓名"})
    callback_phone = fields.String(validate=PHONE)
    called_at = aware_time(metadata={"description": "来电时间; now when left out"})
    unit_id = fields.String(validate=UNIT, metadata={"description": "房号"})
    matter = fields.String(required=True, validate=REQUIRED_TEXT, metadata={"description": "事由"})
    for_staff_id = fields.String(validate=STAFF, metadata={"description": "the person it is for"})
    for_department = fields.String(validate=LABEL, metadata={"description": "or the department"})

    @validates_schema
    def names_whom(self, data, **kwargs):
        if not (data.get("for_staff_id") or data.get("for_department")):
            raise ValidationError("name for_staff_id or for_department", field_name="for_staff_id")


class MessageOut(Schema):
    id = fields.String(attribute="_id")
    caller_name = fields.String()
    callback_phone = fields.String(allow_none=True, metadata={"description": "in full here; 138****1234 in lists"})
    called_at = fields.DateTime()
    unit_id = fields.String(allow_none=True)
    matter = fields.String()
    for_staff_id = fields.String(allow_none=True)
    for_department = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "left | delivered | acknowledged"})
    taken_by = fields.String()
    taken_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)
    delivered_by = fields.String(allow_none=True)
    delivered_to = fields.String(allow_none=True)
    acknowledged_at = fields.DateTime(allow_none=True)
    acknowledged_by = fields.String(allow_none=True)


class MessageQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([str(s) for s in MessageStatus]))
    unit_id = fields.String(validate=UNIT)
    for_department = fields.String(validate=LABEL)
    for_me = fields.Boolean(metadata={"description": "true: only messages for the signed-in person"})


class DeliverIn(Schema):
    delivered_to = fields.String(required=True, validate=NAME, metadata={"description": "who it was given to"})


class EmptyIn(Schema):
    pass


class HeldItemIn(Schema):
    description = fields.String(required=True, validate=REQUIRED_TEXT)
    from_whom = fields.String(required=True, validate=NAME)
    for_unit_id = fields.String(validate=UNIT)
    for_person = fields.String(validate=NAME)
    stored_at = fields.String(required=True, validate=LABEL, metadata={"description": "where it is kept"})
    photo_ref = fields.String(validate=validate.Length(min=1, max=256))

    @validates_schema
    def names_whom(self, data, **kwargs):
        if not (data.get("for_unit_id") or data.get("for_person")):
            raise ValidationError("name for_unit_id or for_person", field_name="for_unit_id")


class HeldItemOut(Schema):
    id = fields.String(attribute="_id")
    description = fields.String()
    from_whom = fields.String()
    for_unit_id = fields.String(allow_none=True)
    for_person = fields.String(allow_none=True)
    stored_at = fields.String()
    photo_ref = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "held | returned"})
    received_at = fields.DateTime()
    received_by = fields.String()
    due_back_by = fields.DateTime(metadata={"description": "the end of the project's holding period"})
    overdue = fields.Boolean()
    returned_at = fields.DateTime(allow_none=True)
    returned_by = fields.String(allow_none=True)
    returned_to = fields.Nested(PersonOut, allow_none=True)


class HeldItemQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([str(s) for s in HeldStatus]))
    for_unit_id = fields.String(validate=UNIT)
    overdue = fields.Boolean()


class ReturnItemIn(Schema):
    collector = fields.Nested(PersonIn, required=True, metadata={"description": "who signs for it"})
    note = fields.String(validate=TEXT)


def _known_zone(value: str) -> None:
    if value not in ZONES:
        raise ValidationError("an IANA time zone such as Asia/Shanghai")


class SettingsIn(Schema):
    unclaimed_parcel_days = fields.Integer(validate=validate.Range(UNCLAIMED_DAYS.start, UNCLAIMED_DAYS.stop - 1))
    item_holding_days = fields.Integer(validate=validate.Range(HOLDING_DAYS.start, HOLDING_DAYS.stop - 1))
    timezone = fields.String(validate=[validate.Length(min=1, max=64), _known_zone], metadata={
        "description": "the project's IANA zone (default Asia/Shanghai): the daily report's day is midnight to midnight there"})
    move_in_target_minutes = fields.Integer(validate=validate.Range(MOVE_IN_TARGET_MINUTES.start,
                                                                    MOVE_IN_TARGET_MINUTES.stop - 1),
                                            metadata={"description": "入伙 target (default 30 minutes)"})
    letterhead = fields.String(validate=validate.Length(min=1, max=80), metadata={
        "description": "the header of printed notices: company and project, e.g. 某某物业 · 某某花园管理处"})
    pickup_hours = fields.String(validate=validate.Length(min=1, max=80), metadata={
        "description": "when residents can collect parcels (told in the parcel's message)"})


class SettingsOut(Schema):
    unclaimed_parcel_days = fields.Integer()
    item_holding_days = fields.Integer()
    timezone = fields.String()
    move_in_target_minutes = fields.Integer()
    letterhead = fields.String()
    pickup_hours = fields.String()


MessagePage = page_schema(MessageOut, "MessagePage")
HeldItemPage = page_schema(HeldItemOut, "HeldItemPage")
