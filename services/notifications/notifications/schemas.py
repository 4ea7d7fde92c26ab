"""Request and response shapes of notifications' REST API."""
from kefulib.web import PageQuery, page_schema
from marshmallow import EXCLUDE, Schema, fields, validate

STATUSES = ["unread", "read", "done"]
KINDS = ["escalation", "approval_requested"]


class ItemOut(Schema):
    id = fields.String(attribute="_id")
    project = fields.String(attribute="tenant_id", metadata={"description": "the project the matter belongs to"})
    kind = fields.String(metadata={"description": "escalation | approval_requested"})
    status = fields.String(metadata={"description": "unread | read | done"})
    channel = fields.String(metadata={"description": "inbox (SMS, WeChat and e-mail come later)"})
    recipient_role = fields.String(metadata={"description": "the role the person is told under"})
    title = fields.String(metadata={"description": "in Chinese for a renovation review; in English for a ticket's"})
    body = fields.String()
    title_en = fields.String(metadata={"description": "the English text, where the item has both (renovation reviews)"})
    body_en = fields.String()
    action = fields.String(metadata={"description": "what to do: chase_assignee, chase_reviewer, take_charge, "
                                                    "intervene, approve_non_conformance"})
    ticket_id = fields.String(allow_none=True)
    application_id = fields.String(allow_none=True, metadata={"description": "renovation's application, for a "
                                                                             "review past its deadline"})
    non_conformance_id = fields.String(allow_none=True)
    level = fields.Integer(allow_none=True, metadata={"description": "escalation level 1..3"})
    deadline = fields.String(allow_none=True, metadata={"description": "first_response | on_site | assessed | fixed; "
                                                                       "renovation_completeness | renovation_drawings "
                                                                       "| renovation_approval"})
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


HolderPage = page_schema(HolderOut, "HolderPage")


SURVEY_STATUSES = ["open", "answered", "closed", "expired"]


class SurveyAnswerOut(Schema):
    satisfaction = fields.Integer(metadata={"description": "1 (very unhappy) .. 5 (very satisfied)"})
    comment = fields.String(metadata={"description": "the customer's words, up to 500 characters (may be empty)"})
    problem_came_back = fields.Boolean()


class SurveyOut(Schema):
    """A survey as staff see it: never its link, which would let the reader answer for the customer."""

    id = fields.String(attribute="_id")
    project = fields.String(attribute="tenant_id")
    ticket_id = fields.String()
    return_visit_id = fields.String()
    round = fields.Integer()
    status = fields.String(metadata={"description": "open | answered | closed (done by phone) | expired"})
    sent_at = fields.DateTime(allow_none=True, metadata={"description": "when the link was handed to the customer "
                                                                        "channels; null when it was not sent"})
    expires_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    closed_by_method = fields.String(allow_none=True, metadata={"description": "how the return visit was done "
                                                                              "instead (phone, in_person)"})
    answer = fields.Nested(SurveyAnswerOut, allow_none=True)


class SurveyQuery(PageQuery):
    ticket_id = fields.String(validate=validate.Length(min=1, max=128))
    status = fields.String(validate=validate.OneOf(SURVEY_STATUSES))


SurveyPage = page_schema(SurveyOut, "SurveyPage")


class SurveyForm(Schema):
    """The public page's form. Checked by the domain (surveys.read_answer), not here: a wrong value re-renders
    the page naming the field in Chinese, rather than answering the customer's phone with JSON."""

    class Meta:
        unknown = EXCLUDE

    rating = fields.String(metadata={"description": "stars, 1..5", "enum": ["1", "2", "3", "4", "5"]})
    problem_came_back = fields.String(metadata={"description": "问题是否再次出现", "enum": ["yes", "no"]})
    comment = fields.String(metadata={"description": "optional, up to 500 characters"})
