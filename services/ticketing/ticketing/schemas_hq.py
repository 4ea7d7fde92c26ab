"""Shapes of HQ's cross-project lists (HQ tokens only)."""
from kefulib.paging import RecentPageMeta, RecentPageQuery
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, fields, validate

from .schemas import RecordOut, TicketOut

PROJECTS = fields.List(fields.String(validate=validate.Length(min=1, max=64)),
                       metadata={"description": "only these projects (repeat the parameter)"})


class EscalatedQuery(PageQuery):
    level = fields.Integer(strict=False, validate=validate.Range(min=1, max=3),
                           metadata={"description": "the highest level reached: 1 supervisor, 2 project manager, 3 HQ"})
    project = PROJECTS
    state = fields.String(validate=validate.OneOf(["open", "closed"]),
                          metadata={"description": "open, or closed (closed and cancelled); default both"})


class HqTicketsQuery(RecentPageQuery):
    project = PROJECTS
    month = fields.String(validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="must be YYYY-MM"),
                          metadata={"description": "received in this local month (YYYY-MM)"})
    kind = fields.String(validate=validate.Length(min=1, max=64),
                         metadata={"description": "the report's kind (`domain_kind`: repair, complaint, ...)"})


class HqTicketOut(TicketOut):
    project = fields.String(attribute="tenant_id")


HqTicketPage = page_schema(HqTicketOut, "HqTicketPage")


class HqTicketsPage(RecentPageMeta):
    items = fields.List(fields.Nested(HqTicketOut))


class AwaitingQuery(PageQuery):
    project = PROJECTS


class HqRecordOut(RecordOut):
    project = fields.String(attribute="tenant_id")


HqRecordPage = page_schema(HqRecordOut, "HqRecordPage")


class HqTicketQuery(Schema):
    project = fields.String(required=True, validate=validate.Length(min=1, max=64),
                            metadata={"description": "the ticket's project"})


class ContactQuery(Schema):
    project = fields.String(required=True, validate=validate.Length(min=1, max=64),
                            metadata={"description": "the ticket's project"})
    purpose = fields.String(load_default="customer_notification", validate=validate.OneOf(["customer_notification"]),
                            metadata={"description": "why the contact is read; kept in the audit trail"})


class ContactOut(Schema):
    ticket_id = fields.String()
    project = fields.String()
    kind = fields.String()
    category = fields.String(allow_none=True)
    title = fields.String()
    unit_id = fields.String(allow_none=True)
    caller_name = fields.String(allow_none=True)
    callback_phone = fields.String(allow_none=True, metadata={"description": "in full: the service sends to it"})
