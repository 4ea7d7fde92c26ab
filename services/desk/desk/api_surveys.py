"""Satisfaction survey campaigns 顾客满意度调查 and the desk's daily and weekly reports 日报/周报 over REST: thin views."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.problems import Forbidden
from kefulib.web import context

from . import schemas_surveys as s
from .handlers import reports, surveys

READ, WRITE = ["desk:read"], ["desk:write"]
# Who starts a campaign: the people answerable for the project's service, not every clerk.
CAMPAIGN_ROLES = ["project_manager", "cs_supervisor", "cs_administrator"]

surveys_blp = Blueprint("surveys", __name__, description="Satisfaction survey campaigns 顾客满意度调查: a sample of "
                                                         "the project's households, answered by link or at the desk.")
hq_blp = Blueprint("hq_surveys", __name__, description="HQ's survey results across projects.")
reports_blp = Blueprint("desk_reports", __name__, description="The desk's daily and weekly reports 客服日报/周报.")
BLUEPRINTS = [surveys_blp, hq_blp, reports_blp]


def _db():
    return context().db


@surveys_blp.route("/survey-campaigns", methods=["POST"])
@require(scopes=WRITE, roles=CAMPAIGN_ROLES)
@idempotent()
@surveys_blp.arguments(s.CampaignIn)
@surveys_blp.response(201, s.CampaignOut)
@surveys_blp.alt_response(409, description="`reason_code` no_households: desk knows no units of the project yet.")
def create_campaign(body):
    """Draw each building's share of households and send them the survey (notifications sends the links)."""
    return surveys.create_campaign(_db(), current_principal(), body)


@surveys_blp.route("/survey-campaigns", methods=["GET"])
@require(scopes=READ)
@surveys_blp.arguments(s.CampaignQuery, location="query")
@surveys_blp.response(200, s.CampaignPage)
def list_campaigns(query):
    """Newest first, with how many answered."""
    return surveys.list_campaigns(_db(), current_principal().tenant_id, query)


@surveys_blp.route("/survey-campaigns/<campaign_id>", methods=["GET"])
@require(scopes=READ)
@surveys_blp.response(200, s.CampaignOut)
def get_campaign(campaign_id):
    return surveys.get_campaign(_db(), current_principal().tenant_id, campaign_id)


@surveys_blp.route("/survey-campaigns/<campaign_id>/households", methods=["GET"])
@require(scopes=READ)
@surveys_blp.arguments(s.HouseholdQuery, location="query")
@surveys_blp.response(200, s.HouseholdPage)
def list_households(query, campaign_id):
    """The sampled households by building and unit, each with its answer if any (no names: units only)."""
    return surveys.list_households(_db(), current_principal().tenant_id, campaign_id, query)


@surveys_blp.route("/survey-campaigns/<campaign_id>/answers", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@surveys_blp.arguments(s.DeskAnswerIn)
@surveys_blp.response(201, s.HouseholdOut)
@surveys_blp.alt_response(409, description="`reason_code` already_answered (by link or at the desk), not_sampled, "
                                           "campaign_closed.")
def answer_at_desk(body, campaign_id):
    """A paper form entered at the desk: every category of the campaign rated 1–5, and a comment."""
    return surveys.answer_at_desk(_db(), current_principal(), campaign_id, body)


@surveys_blp.route("/survey-results", methods=["GET"])
@require(scopes=READ)
@surveys_blp.arguments(s.ResultsQuery, location="query")
@surveys_blp.response(200, s.ResultsOut)
def month_results(query):
    """The month's campaigns together: per category the mean, count and 1–5 distribution; the response rate."""
    return surveys.month_results(_db(), current_principal().tenant_id, query["period"])


@hq_blp.route("/hq/survey-results", methods=["GET"])
@require(scopes=READ)
@hq_blp.arguments(s.HqResultsQuery, location="query")
@hq_blp.response(200, s.HqResultsOut)
def hq_month_results(query):
    """HQ tokens only: each project's results of the month (or the named `project`s) and the company's."""
    if not current_principal().hq:
        raise Forbidden("Only HQ tokens read across projects.")
    return surveys.hq_month_results(_db(), query["period"], query.get("project"))


@reports_blp.route("/reports/daily", methods=["GET"])
@require(scopes=READ)
@reports_blp.arguments(s.DayQuery, location="query")
@reports_blp.response(200, s.DailyOut)
def daily_report(query):
    """客服日报: what came in that day (midnight to midnight in the project's zone), what was still open at its end,
    what was handed over."""
    return reports.daily(_db(), current_principal().tenant_id, query["day"])


@reports_blp.route("/reports/weekly", methods=["GET"])
@require(scopes=READ)
@reports_blp.arguments(s.WeekQuery, location="query")
@reports_blp.response(200, s.WeeklyOut)
def weekly_report(query):
    """周报及未处理完成情况汇总: the ISO week (Monday to Sunday, project's zone), and what was unfinished at its end."""
    return reports.weekly(_db(), current_principal().tenant_id, query["week"])
