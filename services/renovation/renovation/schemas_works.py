"""Request and response shapes of hot work 动火 and extensions 延期."""
from kefulib.web import PageQuery
from marshmallow import Schema, fields, validate

from .domain.works import RequestStatus
from .schemas_applications import HOURS
from .schemas_common import NAME, PHONE, REQUIRED_TEXT, TEXT
from .schemas_common import page_of_schema as page_of
from .schemas_passes import DAY


class FireWatchIn(Schema):
    name = fields.String(required=True, validate=NAME)
    phone = fields.String(validate=PHONE)


class HotWorkIn(Schema):
    day = fields.Date(required=True, **DAY, metadata={"description": "within the permit's dates"})
    start = fields.String(required=True, validate=HOURS, metadata={"description": "within the working hours"})
    end = fields.String(required=True, validate=HOURS)
    location = fields.String(required=True, validate=REQUIRED_TEXT)
    method = fields.String(validate=validate.Length(max=64), metadata={"description": "电焊, 气割 …"})
    fire_watch = fields.Nested(FireWatchIn, required=True, metadata={"description": "the fire-watch person 看火人"})
    extinguishers = fields.Integer(validate=validate.Range(min=1, max=20))


class ExtensionIn(Schema):
    new_end = fields.Date(required=True, **DAY, metadata={"description": "after the permit's end, at most 90 days"})
    reason = fields.String(required=True, validate=REQUIRED_TEXT)


class DecisionIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["pass", "refuse"]))
    reason = fields.String(validate=TEXT, metadata={"description": "required to refuse"})


class RequestQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([str(s) for s in RequestStatus]))


class DecisionOut(Schema):
    decision = fields.String()
    reason = fields.String()
    at = fields.DateTime()
    by = fields.String()


class _RequestOut(Schema):
    id = fields.String(attribute="_id")
    application_id = fields.String()
    unit_id = fields.String()
    permit_label = fields.String()
    status = fields.String(metadata={"description": " | ".join(str(s) for s in RequestStatus)})
    requested_at = fields.DateTime()
    requested_by = fields.String()
    decision = fields.Nested(DecisionOut, allow_none=True)


class FireWatchOut(Schema):
    name = fields.String()
    phone = fields.String()


class HotWorkOut(_RequestOut):
    day = fields.String()
    start = fields.String()
    end = fields.String()
    location = fields.String()
    method = fields.String()
    fire_watch = fields.Nested(FireWatchOut)
    extinguishers = fields.Integer()


class ExtensionOut(_RequestOut):
    new_end = fields.String()
    previous_end = fields.String()
    reason = fields.String()


HotWorkPage = page_of(HotWorkOut, "HotWorkList")
ExtensionPage = page_of(ExtensionOut, "ExtensionList")
