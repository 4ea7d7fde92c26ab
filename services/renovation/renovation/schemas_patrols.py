"""Request and response shapes of patrols 巡查, violations and their rectification notices 整改通知书."""
from kefulib.web import PageQuery
from marshmallow import Schema, fields, validate

from .domain.patrols import Outcome, ViolationKind, ViolationStatus
from .schemas_common import REF, REQUIRED_TEXT, TEXT, page_of_schema
from .schemas_passes import DAY

PHOTOS = fields.List(fields.String(validate=REF), validate=validate.Length(max=20),
                     metadata={"description": "the photos' file ids"})


class FoundIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([str(k) for k in ViolationKind]),
                         metadata={"description": "illegal_building is also recorded for the authorities"})
    description = fields.String(required=True, validate=REQUIRED_TEXT)
    photo_refs = PHOTOS
    deadline = fields.Date(required=True, **DAY, metadata={"description": "the notice's deadline: today to 30 days"})


class PatrolIn(Schema):
    findings = fields.String(required=True, validate=REQUIRED_TEXT)
    photo_refs = PHOTOS
    violations = fields.List(fields.Nested(FoundIn), validate=validate.Length(max=20),
                             metadata={"description": "each gets a numbered rectification notice 整改通知书"})


class FollowUpIn(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf([str(o) for o in Outcome]))
    note = fields.String(validate=TEXT)
    photo_refs = PHOTOS


class IntervalsIn(Schema):
    interval_days = fields.Integer(required=True, validate=validate.Range(min=1, max=60))
    flagged_interval_days = fields.Integer(required=True, validate=validate.Range(min=1, max=60),
                                           metadata={"description": "flagged units: not longer than interval_days"})


class IntervalsOut(Schema):
    interval_days = fields.Integer()
    flagged_interval_days = fields.Integer()


class PatrolQuery(PageQuery):
    pass


class ViolationQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([str(s) for s in ViolationStatus]))
    for_authorities = fields.Boolean()


class DueQuery(PageQuery):
    by = fields.Date(**DAY, metadata={"description": "due by this day (default today, local)"})


class NoticeOut(Schema):
    number = fields.String(metadata={"description": "the permit's label, then ZG01, ZG02 …"})
    sequence = fields.Integer()
    deadline = fields.String()
    served_at = fields.DateTime()
    served_by = fields.String()


class FollowUpOut(Schema):
    outcome = fields.String()
    note = fields.String()
    photo_refs = fields.List(fields.String())
    at = fields.DateTime()
    by = fields.String()


class ViolationOut(Schema):
    id = fields.String(attribute="_id")
    application_id = fields.String()
    unit_id = fields.String()
    patrol_id = fields.String()
    kind = fields.String()
    description = fields.String()
    photo_refs = fields.List(fields.String())
    for_authorities = fields.Boolean(metadata={"description": "illegal building, recorded for the authorities"})
    notice = fields.Nested(NoticeOut)
    status = fields.String(metadata={"description": " | ".join(str(s) for s in ViolationStatus)})
    follow_ups = fields.List(fields.Nested(FollowUpOut))
    found_at = fields.DateTime()
    rectified_at = fields.DateTime(allow_none=True)


class PatrolOut(Schema):
    id = fields.String(attribute="_id")
    application_id = fields.String()
    unit_id = fields.String()
    findings = fields.String()
    photo_refs = fields.List(fields.String())
    at = fields.DateTime()
    by = fields.String()
    violation_ids = fields.List(fields.String())
    violations = fields.List(fields.Nested(ViolationOut), metadata={"description": "on the answer to a new patrol"})


class DueOut(Schema):
    application_id = fields.String()
    unit_id = fields.String()
    permit_label = fields.String()
    flags = fields.List(fields.String())
    flagged = fields.Boolean()
    last_patrol_on = fields.String(allow_none=True)
    due_on = fields.String()
    open_violations = fields.Integer()


PatrolPage = page_of_schema(PatrolOut, "PatrolList")
ViolationPage = page_of_schema(ViolationOut, "ViolationList")


class DuePage(page_of_schema(DueOut, "PatrolDueList")):
    intervals = fields.Nested(IntervalsOut)
