"""Shapes every renovation resource shares: people, texts, pages."""
from marshmallow import Schema, fields, validate

PHONE = validate.Regexp(r"^\+?[0-9][0-9 -]{5,19}$", error="must be a phone number")
NAME = validate.Length(min=1, max=64)
TEXT = validate.Length(max=500)
REQUIRED_TEXT = validate.Length(min=1, max=500)
# Not blank either: the unit is named in the events identity keeps its checklist by (their schemas refuse blanks).
UNIT = [validate.Length(min=1, max=64), validate.Regexp(r"\s*\S", error="must not be blank")]
REF = validate.Length(min=1, max=256)


def page_of_schema(item: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict({"items": fields.List(fields.Nested(item)), "page": fields.Integer(),
                             "page_size": fields.Integer(), "total": fields.Integer()}, name=name)
