"""Shapes of the message settings, templates, delivery log, opt-outs and contact details (NT-1..NT-3)."""
from kefulib.timezones import zone
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, ValidationError, fields, validate, validates

from .domain.notices import CUSTOMER_TOPICS, Channel, Status, Topic
from .domain.templates import LANGUAGES

TOPICS = [str(t) for t in Topic]
CHANNELS = [str(c) for c in Channel]
CLOCK = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="a time of day as HH:MM")
PHONE = validate.Regexp(r"^\+?[\d\s-]{7,20}$", error="a phone number")
MAX_TEMPLATE = 500  # an SMS of 70 Chinese characters is one part; a long notice is several, and costs more


class QuietHours(Schema):
    start = fields.String(required=True, validate=CLOCK, metadata={"example": "22:00"})
    end = fields.String(required=True, validate=CLOCK, metadata={"example": "08:00"})


class ProviderTemplates(Schema):
    sms = fields.Dict(keys=fields.String(validate=validate.OneOf([str(t) for t in Topic])),
                      values=fields.String(validate=validate.Length(min=1, max=64)), load_default=dict,
                      metadata={"description": "topic → the SMS provider's approved template code (e.g. SMS_2981…)"})
    wechat = fields.Dict(keys=fields.String(validate=validate.OneOf([str(t) for t in Topic])),
                         values=fields.String(validate=validate.Length(min=1, max=128)), load_default=dict,
                         metadata={"description": "topic → the official account's template id"})


class NoticeSettings(Schema):
    topics = fields.List(fields.String(validate=validate.OneOf([str(t) for t in CUSTOMER_TOPICS])),
                         load_default=lambda: [str(t) for t in CUSTOMER_TOPICS],
                         metadata={"description": "what the customer is told about"})
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)), validate=validate.Length(max=3),
                           load_default=lambda: ["wechat", "sms", "email"],
                           metadata={"description": "the customer's channels, first reachable one wins"})
    quiet_hours = fields.Nested(QuietHours, load_default=lambda: {"start": "22:00", "end": "08:00"},
                                metadata={"description": "no customer message then, except help requests and "
                                                         "urgent repairs; held until the end"})
    timezone = fields.String(load_default="Asia/Shanghai", validate=validate.Length(min=1, max=64))
    per_hour = fields.Integer(load_default=6, strict=True, validate=validate.Range(min=1, max=60),
                              metadata={"description": "messages to one customer in any hour; more are suppressed"})
    language = fields.String(load_default="zh", validate=validate.OneOf(LANGUAGES))
    sender_name = fields.String(load_default="物业客服中心", validate=validate.Length(min=1, max=30))
    staff_channels = fields.List(fields.String(validate=validate.OneOf(["email", "sms"])),
                                 validate=validate.Length(max=2), load_default=lambda: ["email"],
                                 metadata={"description": "escalations beyond the inbox; [] for the inbox only"})
    provider_templates = fields.Nested(ProviderTemplates, load_default=lambda: {"sms": {}, "wechat": {}})

    @validates("timezone")
    def _zone(self, value, **_):
        try:
            zone(value)
        except ValueError as error:
            raise ValidationError(str(error)) from error


class TemplateQuery(Schema):
    topic = fields.String(validate=validate.OneOf(TOPICS))
    language = fields.String(validate=validate.OneOf(LANGUAGES))


class TemplateIn(Schema):
    language = fields.String(load_default="zh", validate=validate.OneOf(LANGUAGES))
    subject = fields.String(load_default="", validate=validate.Length(max=100))
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEMPLATE))


class TemplateOut(Schema):
    topic = fields.String()
    channel = fields.String()
    language = fields.String()
    subject = fields.String()
    text = fields.String()
    custom = fields.Boolean(metadata={"description": "the project's own wording (else the default)"})


class TemplateList(Schema):
    items = fields.List(fields.Nested(TemplateOut))
    total = fields.Integer()


class LanguageQuery(Schema):
    language = fields.String(load_default="zh", validate=validate.OneOf(LANGUAGES))


class PreviewIn(Schema):
    topic = fields.String(required=True, validate=validate.OneOf(TOPICS))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    language = fields.String(load_default="zh", validate=validate.OneOf(LANGUAGES))
    subject = fields.String(validate=validate.Length(max=100), metadata={"description": "unsaved wording to try"})
    text = fields.String(validate=validate.Length(min=1, max=MAX_TEMPLATE))


class PreviewOut(Schema):
    topic = fields.String()
    channel = fields.String()
    language = fields.String()
    subject = fields.String()
    text = fields.String()
    length = fields.Integer(metadata={"description": "characters (an SMS part holds 70 Chinese characters)"})


class DeliveryQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([str(s) for s in Status]))
    ticket_id = fields.String(validate=validate.Length(min=1, max=64))
    topic = fields.String(validate=validate.OneOf(TOPICS))
    audience = fields.String(validate=validate.OneOf(["customer", "staff"]))
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    dead_letter = fields.Boolean(metadata={"description": "only dead letters (failed for good), or none of them"})


class HistoryEntry(Schema):
    at = fields.DateTime()
    status = fields.String()
    code = fields.String(allow_none=True)
    detail = fields.String(allow_none=True)


class DeliveryOut(Schema):
    id = fields.String()
    topic = fields.String()
    audience = fields.String(metadata={"description": "customer | staff"})
    ticket_id = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "queued | sending | sent | delivered | failed | suppressed"})
    reason = fields.String(allow_none=True, metadata={"description": "why suppressed or failed (a code)"})
    held_for = fields.String(allow_none=True, metadata={"description": "quiet_hours when held until they end"})
    urgent = fields.Boolean()
    channel = fields.String(allow_none=True)
    provider = fields.String(allow_none=True)
    address = fields.String(allow_none=True, metadata={"description": "masked"})
    text = fields.String(allow_none=True)
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime(allow_none=True)
    dead_letter = fields.Boolean()
    source_event_type = fields.String(allow_none=True)
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(HistoryEntry))


DeliveryPage = page_schema(DeliveryOut, "DeliveryPage")


class OptOutIn(Schema):
    phone = fields.String(required=True, validate=PHONE)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    reason = fields.String(validate=validate.Length(max=200))


class OptOutOut(Schema):
    id = fields.String()
    phone = fields.String(metadata={"description": "masked"})
    channel = fields.String()
    reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    created_by = fields.String(allow_none=True)


class OptOutQuery(PageQuery):
    phone = fields.String(validate=PHONE, metadata={"description": "this customer's opt-outs only"})


OptOutPage = page_schema(OptOutOut, "OptOutPage")


class BindingIn(Schema):
    phone = fields.String(required=True, validate=PHONE)
    wechat_openid = fields.String(allow_none=True, validate=validate.Regexp(r"^[A-Za-z0-9_-]{6,64}$"))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))


class BindingOut(Schema):
    phone = fields.String(metadata={"description": "masked"})
    wechat_openid = fields.String(allow_none=True, metadata={"description": "masked"})
    email = fields.String(allow_none=True, metadata={"description": "masked"})
    updated_at = fields.DateTime()


class StaffContactIn(Schema):
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(allow_none=True, validate=PHONE)


class StaffContactOut(Schema):
    staff_id = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)


class ReceiptsOut(Schema):
    """The acknowledgement each provider expects (Aliyun: code/msg; Tencent: result/errmsg)."""

    code = fields.Integer()
    msg = fields.String()
    result = fields.Integer()
    errmsg = fields.String()
