"""Request and response shapes of customer notices 客户通知."""
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, fields, validate

from .domain.notices import COUNTS, Audience, NoticeCategory, NoticeChannel, NoticeStatus
from .schemas_common import LABEL, NAME, REQUIRED_TEXT, aware_time
from .schemas_messages import EmptyIn  # noqa: F401 - the notices' actions take it too

TITLE = validate.Length(min=1, max=80)
BODY = validate.Length(min=1, max=4000)
CATEGORIES = [str(c) for c in NoticeCategory]


class NoticeIn(Schema):
    title = fields.String(required=True, validate=TITLE, metadata={"description": "标题, e.g. 停水通知"})
    body = fields.String(required=True, validate=BODY, metadata={"description": "正文; line breaks are paragraphs"})
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES), metadata={
        "description": "reminder 温馨提示 | outage 停水停电 | works 施工维修 | safety 安全防范 | fees 缴费 | "
                       "community 社区活动 | other"})
    audience = fields.String(required=True, validate=validate.OneOf([str(a) for a in Audience]), metadata={
        "description": "all: every building; buildings: those listed in `buildings`"})
    buildings = fields.List(fields.String(validate=LABEL), validate=validate.Length(max=100))
    channels = fields.List(fields.String(validate=validate.OneOf([str(c) for c in NoticeChannel])),
                           validate=validate.Length(min=1, max=2), metadata={
        "description": "message: sent to each household by notifications; print: the PDF for the notice boards"})
    ends_at = aware_time(allow_none=True, metadata={"description": "结束日期: archived once it passes"})


class NoticeEditIn(NoticeIn):
    """The fields to change (used as NoticeEditIn(partial=True): none is required)."""


class ApproveIn(Schema):
    approver_name = fields.String(validate=NAME, metadata={"description": "the name printed as 审批人"})


class RefuseIn(Schema):
    reason = fields.String(required=True, validate=REQUIRED_TEXT, metadata={"description": "shown to the author"})


CountsOut = Schema.from_dict({name: fields.Integer() for name in COUNTS}, name="NoticeCounts")


class NoticeOut(Schema):
    id = fields.String(attribute="_id")
    title = fields.String()
    body = fields.String()
    category = fields.String()
    audience = fields.String()
    buildings = fields.List(fields.String())
    channels = fields.List(fields.String())
    ends_at = fields.DateTime(allow_none=True)
    status = fields.String(metadata={"description": "draft | submitted | approved | published | archived"})
    created_by = fields.String()
    created_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    decided_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    approver_name = fields.String(allow_none=True)
    refusal_reason = fields.String(allow_none=True, metadata={"description": "why the manager sent it back"})
    published_at = fields.DateTime(allow_none=True)
    archived_at = fields.DateTime(allow_none=True)
    counts = fields.Nested(CountsOut, metadata={
        "description": "from notifications: households told, deliveries queued/sent/delivered/failed/suppressed, "
                       "households that opened the notice"})


class NoticeQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([str(s) for s in NoticeStatus]))
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    include_archived = fields.Boolean(metadata={"description": "without a status: archived ones too"})


NoticePage = page_schema(NoticeOut, "NoticePage")
