"""Schemas of a ticket's attachments (photos, the customer's signature)."""
from marshmallow import Schema, fields, validate

from .domain.attachments import AttachmentKind


class AttachmentQuery(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in AttachmentKind]),
                         metadata={"description": "photo (现场照片) or signature (业户验收签字)"})


class AttachmentOut(Schema):
    id = fields.String(attribute="_id")
    ticket_id = fields.String()
    kind = fields.String()
    content_type = fields.String(metadata={"description": "Read from the bytes: image/jpeg, image/png or image/webp"})
    size = fields.Integer(metadata={"description": "Bytes"})
    sha256 = fields.String()
    uploaded_by = fields.String()
    uploaded_at = fields.DateTime()


class AttachmentList(Schema):
    items = fields.List(fields.Nested(AttachmentOut))
