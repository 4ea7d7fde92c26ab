"""Shapes every desk register shares: a person at the desk, times, pages."""
from datetime import UTC, datetime

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

PHONE = validate.Regexp(r"^\+?[0-9][0-9 -]{5,19}$", error="must be a phone number")
ID_LAST4 = validate.Regexp(r"^[0-9A-Za-z]{4}$", error="the last 4 characters of the ID document")
NAME = validate.Length(min=1, max=64)
TEXT = validate.Length(max=500)
REQUIRED_TEXT = validate.Length(min=1, max=500)
LABEL = validate.Length(min=1, max=64)
UNIT = validate.Length(min=1, max=64)
STAFF = validate.Length(min=1, max=128)
# A time outside these years cannot be stored (nor moved between zones) without overflowing.
TIME_RANGE = validate.Range(min=datetime(1900, 1, 1, tzinfo=UTC), max=datetime(2999, 12, 31, tzinfo=UTC))


def aware_time(**kwargs) -> fields.AwareDateTime:
    """A time with its zone (a bare 09:00 could be Beijing's or UTC)."""
    return fields.AwareDateTime(validate=TIME_RANGE, **kwargs)


class PersonIn(Schema):
    """Someone at the desk: the name and one proof (ID last 4 or phone)."""
    name = fields.String(required=True, validate=NAME)
    id_last4 = fields.String(validate=ID_LAST4, metadata={"description": "身份证件后四位"})
    phone = fields.String(validate=PHONE)

    @validates_schema
    def has_proof(self, data, **kwargs):
        if not (data.get("id_last4") or data.get("phone")):
            raise ValidationError("give id_last4 or phone", field_name="id_last4")


class PersonOut(Schema):
    name = fields.String()
    id_last4 = fields.String(allow_none=True)
    phone = fields.String(allow_none=True, metadata={"description": "in full on the record; 138****1234 in lists"})


