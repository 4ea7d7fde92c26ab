"""Shapes of the campaign surveys 满意度调查 notifications sends for desk: the staff's view and the page's form."""
from kefulib.web import PageQuery, page_schema
from marshmallow import EXCLUDE, Schema, fields, validate

from .domain.campaign_surveys import CATEGORY_LABELS


class CampaignSurveyOut(Schema):
    """A household's survey as staff see it: the unit and the state, never the link (it answers for the household)
    and never the answer (desk keeps it: GET /survey-campaigns/{id}/households at desk)."""

    id = fields.String(attribute="_id")
    project = fields.String(attribute="tenant_id")
    campaign_id = fields.String()
    unit_id = fields.String()
    name = fields.String()
    period = fields.String()
    categories = fields.List(fields.String())
    status = fields.String(metadata={"description": "open | answered (by link) | closed (entered at the desk) | "
                                                    "expired"})
    sent_at = fields.DateTime()
    closes_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)


class CampaignSurveyQuery(PageQuery):
    campaign_id = fields.String(validate=validate.Length(min=1, max=128))
    unit_id = fields.String(validate=validate.Length(min=1, max=128))


CampaignSurveyPage = page_schema(CampaignSurveyOut, "CampaignSurveyPage")


STARS = {"description": "stars, 1..5", "enum": ["1", "2", "3", "4", "5"]}
# The page's form: checked by the domain (campaign_surveys.read_ratings), which re-renders the page naming each field
# in Chinese rather than answering a phone with JSON. One rating field per category desk may ask.
CampaignSurveyForm = Schema.from_dict(
    {**{f"rating_{code}": fields.String(metadata={**STARS, "description": f"{label}: stars, 1..5"})
        for code, label in CATEGORY_LABELS.items()},
     "comment": fields.String(metadata={"description": "optional, up to 500 characters"})},
    name="CampaignSurveyForm")
CampaignSurveyForm.Meta.unknown = EXCLUDE
