"""Satisfaction survey campaigns by message: the household's public page behind its link (/q/{token}) and the staff's
view of which households were sent a link and whether they answered. Thin views over handlers.campaign_surveys."""
from flask_smorest import Blueprint
from kefulib.authn import require
from kefulib.web import context, page_of, tenant_collection

from .api import PAGE_RESPONSES, page_response
from .config import survey_links
from .handlers import campaign_surveys
from .schemas_campaign_surveys import CampaignSurveyForm, CampaignSurveyOut, CampaignSurveyPage, CampaignSurveyQuery
from .store import CAMPAIGN_SURVEYS

READ = ["notifications:read"]

staff_blp = Blueprint("campaign_surveys", __name__, description="Households sent a link for desk's satisfaction "
                                                                "survey campaigns 满意度调查.")
page_blp = Blueprint("campaign_survey_page", __name__, template_folder="templates",
                     description="The household's satisfaction survey page behind the link in the message: public "
                                 "(the signed link is the credential), HTML, Chinese.")
BLUEPRINTS = [staff_blp, page_blp]
HTML = {"type": "string"}


@staff_blp.route("/campaign-surveys", methods=["GET"])
@require(scopes=READ)
@staff_blp.arguments(CampaignSurveyQuery, location="query")
@staff_blp.response(200, CampaignSurveyPage)
@staff_blp.doc(description="The project's campaign surveys by unit; no link, no answer (desk keeps the answers).")
def list_campaign_surveys(query):
    found, filter_ = tenant_collection(CAMPAIGN_SURVEYS), campaign_surveys.list_filter(query)
    return page_of(lambda: found.find(filter_).sort([("campaign_id", 1), ("unit_id", 1)]),
                   found.count_documents(filter_), query["page"], query["page_size"], dump=campaign_surveys.out)


@staff_blp.route("/campaign-surveys/<campaign_survey_id>", methods=["GET"])
@require(scopes=READ)
@staff_blp.response(200, CampaignSurveyOut)
def get_campaign_survey(campaign_survey_id):
    return campaign_surveys.get(tenant_collection(CAMPAIGN_SURVEYS), campaign_survey_id)


@page_blp.route("/q/<token>", methods=["GET"])
@page_blp.response(200, HTML, content_type="text/html", description="the survey form: one row of stars per category")
@page_blp.alt_response(404, description="not one of our links (altered or incomplete)", **PAGE_RESPONSES)
@page_blp.alt_response(409, description="the household has answered already (here or at the desk)", **PAGE_RESPONSES)
@page_blp.alt_response(410, description="the campaign has closed", **PAGE_RESPONSES)
@page_blp.doc(security=[])
def campaign_survey_form(token):
    return _page(campaign_surveys.survey_form(context().db, survey_links(context().settings), token))


@page_blp.route("/q/<token>", methods=["POST"])
@page_blp.arguments(CampaignSurveyForm, location="form", content_type="application/x-www-form-urlencoded")
@page_blp.response(200, HTML, content_type="text/html", description="thanks: the answer is recorded and sent to desk")
@page_blp.alt_response(404, description="not one of our links; nothing recorded", **PAGE_RESPONSES)
@page_blp.alt_response(409, description="answered before (here or at the desk); nothing recorded", **PAGE_RESPONSES)
@page_blp.alt_response(410, description="the campaign has closed; nothing recorded", **PAGE_RESPONSES)
@page_blp.alt_response(422, description="the form again, naming each field to correct; nothing recorded",
                       **PAGE_RESPONSES)
@page_blp.doc(security=[])
def answer_campaign_survey(form, token):
    return _page(campaign_surveys.answer_survey(context().db, survey_links(context().settings), token, form))


def _page(page: campaign_surveys.CampaignPage):
    return page_response("campaign_survey.html", page)
