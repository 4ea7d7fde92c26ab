"""Request and response shapes of the standard answers 回复口径 (DK-5)."""
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, fields, validate

from .domain.answers import TOPIC_LABELS, AnswerStatus, Topic, UseContext
from .schemas_common import aware_time

TOPICS = "; ".join(f"{t} {label}" for t, label in TOPIC_LABELS.items())
TITLE = validate.Length(min=1, max=120)
BODY = validate.Length(min=1, max=4000)
QUESTION = validate.Length(min=1, max=200)
KEYWORD = validate.Length(min=1, max=32)
ID = validate.Length(min=1, max=128)


class AnswerIn(Schema):
    """HQ's company answer; a project's takes `overrides` too (ProjectAnswerIn)."""
    title = fields.String(required=True, validate=TITLE)
    topic = fields.String(required=True, validate=validate.OneOf([str(t) for t in Topic]),
                          metadata={"description": TOPICS})
    answer = fields.String(required=True, validate=BODY, metadata={"description": "口径: what is said"})
    questions = fields.List(fields.String(validate=QUESTION), validate=validate.Length(max=30), load_default=list,
                            metadata={"description": "常见问法: the ways people ask it (searched)"})
    keywords = fields.List(fields.String(validate=KEYWORD), validate=validate.Length(max=30), load_default=list)


class ProjectAnswerIn(AnswerIn):
    overrides = fields.String(validate=ID, allow_none=True, metadata={
        "description": "a company answer this project's answer stands in for: once published, the project sees "
                       "its own instead"})


class AnswerEditIn(AnswerIn):
    version = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31),
                             metadata={"description": "the version the edit was made on (409 version_conflict if "
                                                      "it changed since)"})


class ProjectAnswerEditIn(ProjectAnswerIn, AnswerEditIn):
    pass


class StepIn(Schema):
    version = fields.Integer(validate=validate.Range(min=1, max=2**31),
                             metadata={"description": "optional: the version being published or retired"})


class AnswerOut(Schema):
    id = fields.String(attribute="_id")
    title = fields.String()
    topic = fields.String()
    answer = fields.String()
    questions = fields.List(fields.String())
    keywords = fields.List(fields.String())
    scope = fields.String(metadata={"description": "project | company"})
    overrides = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "draft | published | retired"})
    version = fields.Integer()
    uses = fields.Integer(metadata={"description": "times used in the caller's project (HQ: in every project)"})
    last_used_at = fields.DateTime(allow_none=True)
    score = fields.Float(metadata={"description": "only with q: how well it meets the question"})
    created_at = fields.DateTime()
    created_by = fields.String()
    updated_at = fields.DateTime()
    updated_by = fields.String(metadata={"description": "who last changed it"})
    published_at = fields.DateTime(allow_none=True)
    published_by = fields.String(allow_none=True)
    retired_at = fields.DateTime(allow_none=True)
    retired_by = fields.String(allow_none=True)


class AnswerQuery(PageQuery):
    q = fields.String(validate=validate.Length(min=1, max=200),
                      metadata={"description": "a question as asked, in Chinese: best answers first, with score"})
    topic = fields.String(validate=validate.OneOf([str(t) for t in Topic]))
    status = fields.String(validate=validate.OneOf([str(s) for s in AnswerStatus]))


class VersionOut(Schema):
    answer_id = fields.String()
    version = fields.Integer()
    title = fields.String()
    topic = fields.String()
    answer = fields.String()
    questions = fields.List(fields.String())
    keywords = fields.List(fields.String())
    status = fields.String()
    saved_by = fields.String()
    saved_at = fields.DateTime()


class UseIn(Schema):
    context = fields.String(required=True, validate=validate.OneOf([str(c) for c in UseContext]),
                            metadata={"description": "intake 受理 | interview 访谈 | phone 电话"})
    ticket_id = fields.String(validate=ID, metadata={"description": "the ticket it was used on, if any"})


class UseOut(Schema):
    id = fields.String(attribute="_id")
    answer_id = fields.String()
    answer_version = fields.Integer()
    scope = fields.String()
    context = fields.String()
    ticket_id = fields.String(allow_none=True)
    used_at = fields.DateTime()
    used_by = fields.String()


class UsageQuery(PageQuery):
    since = aware_time(metadata={"description": "default: 30 days before until"})
    until = aware_time(metadata={"description": "default: now"})


class HqUsageQuery(UsageQuery):
    project = fields.List(fields.String(validate=validate.Length(min=1, max=64)),
                          metadata={"description": "repeat to name several projects; default all"})


class ProjectUses(Schema):
    project_id = fields.String()
    uses = fields.Integer()


class UsageRow(Schema):
    answer_id = fields.String()
    title = fields.String(allow_none=True)
    topic = fields.String(allow_none=True)
    scope = fields.String()
    uses = fields.Integer()
    last_used_at = fields.DateTime()
    contexts = fields.Dict(keys=fields.String(), values=fields.Integer())
    projects = fields.List(fields.Nested(ProjectUses), metadata={"description": "HQ only: uses per project"})


class UsageOut(Schema):
    since = fields.DateTime()
    until = fields.DateTime()
    items = fields.List(fields.Nested(UsageRow))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


AnswerPage = page_schema(AnswerOut, "AnswerPage")
VersionPage = page_schema(VersionOut, "AnswerVersionPage")
