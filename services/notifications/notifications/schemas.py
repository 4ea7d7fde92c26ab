"""Request and response shapes of notifications' REST API."""
from kefulib.web import PageQuery
from marshmallow import Schema, fields, validate

STATUSES = ["unread", "read", "done"]
KINDS = ["escalation", "approval_requested"]


class ItemOut(Schema):
    id = fields.String(attribute="_id")
    project = fields.String(attribute="tenant_id", metadata={"description": "the project the matter belongs to"})
    kind = fields.String(metadata={"description": "escalation | approval_requested"})
    status = fields.String(metadata={"description": "unread | read | done"})
    channel = fields.String(metadata={"description": "inbox (SMS, WeChat and e-mail come later)"})
    recipient_role = fields.String(metadata={"description": "the role the person is told under"})
    title = fields.String()
    body = fields.String()
    action = fields.String(metadata={"description": "what to do: chase_assignee, take_charge, intervene, "
                                                    "approve_non_conformance"})
    ticket_id = fields.String(allow_none=True)
    non_conformance_id = fields.String(allow_none=True)
    level = fields.Integer(allow_none=True, metadata={"description": "escalation level 1..3"})
    deadline = fields.String(allow_none=True, metadata={"description": "first_response | on_site | assessed | fixed"})
    due_at = fields.DateTime(allow_none=True)
    minutes_late = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)
    done_at = fields.DateTime(allow_none=True)


class InboxQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(STATUSES))
    kind = fields.String(validate=validate.OneOf(KINDS))
    ticket_id = fields.String(validate=validate.Length(min=1, max=64))


class InboxPage(Schema):
    items = fields.List(fields.Nested(ItemOut))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()
    unread = fields.Integer(metadata={"description": "the person's unread items (whatever the filters)"})


class EmptyIn(Schema):
    pass


class HolderOut(Schema):
    staff_id = fields.String()
    role = fields.String()
    display_name = fields.String()
    company_wide = fields.Boolean(metadata={"description": "an HQ role, held for every project"})


class HolderQuery(PageQuery):
    role = fields.String(validate=validate.Length(min=1, max=64))


class HolderPage(Schema):
    items = fields.List(fields.Nested(HolderOut))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()
