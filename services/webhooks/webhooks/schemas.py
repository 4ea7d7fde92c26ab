"""Request and response shapes of the webhooks API."""
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, fields, validate

EVENT_TYPE = validate.Regexp(r"^(\*|[a-z]+\.[a-z_]+\.[a-z_]+)$", error="Use an event type such as "
                             "'ticketing.ticket.created', or '*' for all.")


class SubscriptionIn(Schema):
    url = fields.String(required=True, validate=validate.Length(min=8, max=2000))
    event_types = fields.List(fields.String(validate=EVENT_TYPE), required=True, validate=validate.Length(min=1, max=50))
    description = fields.String(load_default="", validate=validate.Length(max=500))


class SubscriptionOut(Schema):
    id = fields.String(attribute="_id")
    url = fields.String()
    event_types = fields.List(fields.String())
    description = fields.String()
    active = fields.Boolean()
    created_at = fields.DateTime()


class SubscriptionCreatedOut(SubscriptionOut):
    secret = fields.String(allow_none=True, metadata={
        "description": "Signing secret, shown once; verify Kefu-Signature with it (null when an Idempotency-Key "
                      "retry replays the answer)."})


class AttemptOut(Schema):
    at = fields.DateTime()
    status_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    duration_ms = fields.Float()


class DeliveryOut(Schema):
    id = fields.String(attribute="_id")
    subscription_id = fields.String()
    event_id = fields.String()
    event_type = fields.String()
    status = fields.String(metadata={"description": "pending, delivered or failed (attempts used up)"})
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    log = fields.List(fields.Nested(AttemptOut))
    created_at = fields.DateTime()


class DeliveryQuery(PageQuery):
    subscription_id = fields.String()
    status = fields.String(validate=validate.OneOf(["pending", "delivered", "failed"]))


SubscriptionPage = page_schema(SubscriptionOut, "SubscriptionPage")


DeliveryPage = page_schema(DeliveryOut, "DeliveryPage")
