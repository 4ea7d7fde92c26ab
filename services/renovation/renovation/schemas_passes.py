"""Request and response shapes of worker passes 装修出入证."""
from datetime import UTC, date, datetime

from kefulib.web import PageQuery
from marshmallow import Schema, fields, validate

from .domain.passes import GateAnswer, PassStatus
from .schemas_applications import HoursOut
from .schemas_common import NAME, REF, REQUIRED_TEXT, TEXT, page_of_schema

DAY = {"validate": validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31))}
# A time outside these years cannot be moved between zones without overflowing.
TIME_RANGE = validate.Range(min=datetime(1900, 1, 2, tzinfo=UTC), max=datetime(2999, 12, 30, tzinfo=UTC))


class WorkerIn(Schema):
    name = fields.String(required=True, validate=NAME)
    id_number = fields.String(required=True, validate=validate.Regexp(r"^[0-9A-Za-z]{6,30}$",
                                                                      error="6-30 letters or digits"),
                              metadata={"description": "masked at once: only the last four characters are kept"})
    photo_ref = fields.String(required=True, validate=REF, metadata={"description": "the photo's file id"})
    trade = fields.String(validate=validate.Length(max=64), metadata={"description": "木工, 电工, 泥水工 …"})


class PassIn(Schema):
    worker = fields.Nested(WorkerIn, required=True)
    valid_from = fields.Date(**DAY, metadata={"description": "default: the permit's start; never before it"})
    valid_until = fields.Date(**DAY, metadata={"description": "default: the permit's end; never after it"})


class ReturnIn(Schema):
    note = fields.String(validate=TEXT)


class RevokeIn(Schema):
    reason = fields.String(required=True, validate=REQUIRED_TEXT,
                           metadata={"description": "why the pass is taken away (违规, 遗失 …)"})


class EntryQuery(PageQuery):
    number = fields.String(validate=validate.Length(min=1, max=128), metadata={"description": "one pass's entries"})
    answer = fields.String(validate=validate.OneOf([str(a) for a in GateAnswer]))


class PassQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([str(s) for s in PassStatus]))


class CheckQuery(Schema):
    number = fields.String(required=True, validate=validate.Length(min=1, max=128))
    at = fields.AwareDateTime(validate=TIME_RANGE, metadata={"description": "default: now; with its zone"})


class WorkerOut(Schema):
    name = fields.String(metadata={"description": "in full on the pass; 王** in lists"})
    id_masked = fields.String(metadata={"description": "**************1234"})
    photo_ref = fields.String()
    trade = fields.String()


class PassOut(Schema):
    id = fields.String(attribute="_id")
    application_id = fields.String()
    unit_id = fields.String()
    number = fields.String(metadata={"description": "the permit's label and the worker's sequence: …-ZX-00001-W01"})
    sequence = fields.Integer()
    worker = fields.Nested(WorkerOut)
    valid_from = fields.String()
    valid_until = fields.String()
    working_hours = fields.Nested(HoursOut)
    status = fields.String(metadata={"description": " | ".join(str(s) for s in PassStatus)})
    issued_at = fields.DateTime()
    issued_by = fields.String()
    returned_at = fields.DateTime(allow_none=True)
    returned_by = fields.String(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    revoked_by = fields.String(allow_none=True)
    revoke_reason = fields.String(allow_none=True)


class PassCountsOut(Schema):
    active = fields.Integer()
    returned = fields.Integer()
    revoked = fields.Integer()


class PassPage(page_of_schema(PassOut, "PassList")):
    counts = fields.Nested(PassCountsOut, metadata={"description": "the application's passes by status"})


class CheckOut(Schema):
    number = fields.String()
    answer = fields.String(metadata={"description": " | ".join(str(a) for a in GateAnswer)})
    checked_at = fields.DateTime(metadata={"description": "in the project's local time"})
    worker_pass = fields.Nested(PassOut, data_key="pass", attribute="pass")


class EntryOut(Schema):
    id = fields.String(attribute="_id")
    pass_id = fields.String()
    application_id = fields.String()
    number = fields.String()
    answer = fields.String(metadata={"description": " | ".join(str(a) for a in GateAnswer)})
    allowed = fields.Boolean(metadata={"description": "let in (only on `valid`)"})
    at = fields.DateTime(metadata={"description": "the time asked about, in the project's local time"})
    checked_at = fields.DateTime()
    checked_by = fields.String()


EntryPage = page_of_schema(EntryOut, "GateEntryList")
