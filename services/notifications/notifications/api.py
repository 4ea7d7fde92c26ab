"""notifications' REST endpoints and the customer's survey page: thin views over the handlers."""
import secrets

from flask import Response, render_template
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.web import context, page_of, tenant_collection

from .config import survey_links
from .domain import COMPANY_SCOPE, HQ_ROLES, ItemStatus
from .handlers import inbox, surveys
from .schemas import (
    EmptyIn,
    HolderPage,
    HolderQuery,
    InboxPage,
    InboxQuery,
    ItemOut,
    SurveyForm,
    SurveyOut,
    SurveyPage,
    SurveyQuery,
)
from .store import INBOX_ITEMS, ROLE_HOLDERS, SURVEYS

READ, WRITE = ["notifications:read"], ["notifications:write"]
# Who may see who escalations reach in their project: the people who run it, and HQ.
CONTACT_READERS = ["project_manager", "cs_supervisor", "cs_administrator", "engineering_supervisor",
                   *sorted(HQ_ROLES), "hq_admin"]

inbox_blp = Blueprint("inbox", __name__, description="The staff inbox: items per person, unread / read / done.")
directory_blp = Blueprint("directory", __name__, description="Who escalations and approvals reach in this project.")
surveys_blp = Blueprint("surveys", __name__, description="Return-visit surveys sent to customers by message (NT-4).")
survey_page_blp = Blueprint("survey_page", __name__, template_folder="templates",
                            description="The customer's survey page behind the link in the message: public (the "
                                        "signed link is the credential), HTML, Chinese.")
BLUEPRINTS = [inbox_blp, directory_blp, surveys_blp, survey_page_blp]
HTML = {"type": "string"}
# No script, no external anything: styles only from the page's own <style> carrying this response's nonce, the
# form posts only back here, and no other site may frame the page (a framed form invites clickjacking).
PAGE_CSP = ("default-src 'none'; style-src 'nonce-{nonce}'; form-action 'self'; frame-ancestors 'none'; "
            "base-uri 'none'")


def _db():
    return context().db


@inbox_blp.route("/inbox", methods=["GET"])
@require(scopes=READ)
@inbox_blp.arguments(InboxQuery, location="query")
@inbox_blp.response(200, InboxPage)
@inbox_blp.doc(description="The caller's own items, newest first, with the unread count. A project token sees "
                           "the items of its project; an HQ token sees its items from every project.")
def list_inbox(query):
    me = current_principal()
    items = _db()[INBOX_ITEMS]
    filter_ = inbox.list_filter(me, query)
    page = page_of(lambda: items.find(filter_).sort("created_at", -1), items.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda i: i)
    return {**page, "unread": inbox.unread_count(_db(), me)}


@inbox_blp.route("/inbox/<item_id>", methods=["GET"])
@require(scopes=READ)
@inbox_blp.response(200, ItemOut)
def get_item(item_id):
    return inbox.get_item(_db(), current_principal(), item_id)


@inbox_blp.route("/inbox/<item_id>/read", methods=["POST"])
@require(scopes=WRITE)
@inbox_blp.arguments(EmptyIn)
@inbox_blp.response(200, ItemOut)
@inbox_blp.doc(description="Mark your own item read (someone else's answers 404). Marking twice changes nothing.")
def mark_read(body, item_id):
    return inbox.mark_item(_db(), current_principal(), item_id, ItemStatus.READ)


@inbox_blp.route("/inbox/<item_id>/done", methods=["POST"])
@require(scopes=WRITE)
@inbox_blp.arguments(EmptyIn)
@inbox_blp.response(200, ItemOut)
@inbox_blp.doc(description="Mark your own item done (final; it stays listed with status done).")
def mark_done(body, item_id):
    return inbox.mark_item(_db(), current_principal(), item_id, ItemStatus.DONE)


@directory_blp.route("/role-holders", methods=["GET"])
@require(scopes=READ, roles=CONTACT_READERS)
@directory_blp.arguments(HolderQuery, location="query")
@directory_blp.response(200, HolderPage)
@directory_blp.doc(description="The people escalations and approvals of this project reach: its role holders and "
                               "the company's HQ role holders, as last announced by identity.")
def list_holders(query):
    project = current_principal().tenant_id
    holders = _db()[ROLE_HOLDERS]
    filter_: dict = {"active": True, "tenant_id": {"$in": [project, COMPANY_SCOPE]}}  # two shards at most
    if "role" in query:
        filter_["role"] = query["role"]
    return page_of(lambda: holders.find(filter_).sort([("role", 1), ("staff_id", 1)]),
                   holders.count_documents(filter_), query["page"], query["page_size"],
                   dump=lambda h: {**h, "company_wide": h["tenant_id"] == COMPANY_SCOPE})


@surveys_blp.route("/surveys", methods=["GET"])
@require(scopes=READ)
@surveys_blp.arguments(SurveyQuery, location="query")
@surveys_blp.response(200, SurveyPage)
@surveys_blp.doc(description="The project's surveys, newest first; `status` as people see it (an open survey past "
                             "its expiry is `expired`). No link or token is ever shown.")
def list_surveys(query):
    found, filter_ = tenant_collection(SURVEYS), surveys.list_filter(query)
    return page_of(lambda: found.find(filter_).sort("sent_at", -1), found.count_documents(filter_),
                   query["page"], query["page_size"], dump=surveys.out)


@surveys_blp.route("/surveys/<survey_id>", methods=["GET"])
@require(scopes=READ)
@surveys_blp.response(200, SurveyOut)
def get_survey(survey_id):
    return surveys.get_survey(tenant_collection(SURVEYS), survey_id)


PAGE_RESPONSES = dict(content_type="text/html", schema=HTML)


@survey_page_blp.route("/s/<token>", methods=["GET"])
@survey_page_blp.response(200, HTML, content_type="text/html", description="the survey form")
@survey_page_blp.alt_response(404, description="not one of our links (altered or incomplete)", **PAGE_RESPONSES)
@survey_page_blp.alt_response(410, description="already answered, already done by phone, or expired: the page "
                                               "says which", **PAGE_RESPONSES)
@survey_page_blp.doc(security=[])
def survey_form(token):
    return _page(surveys.survey_form(_db(), survey_links(context().settings), token))


@survey_page_blp.route("/s/<token>", methods=["POST"])
@survey_page_blp.arguments(SurveyForm, location="form", content_type="application/x-www-form-urlencoded")
@survey_page_blp.response(200, HTML, content_type="text/html", description="thanks: the answer is recorded")
@survey_page_blp.alt_response(404, description="not one of our links; nothing recorded", **PAGE_RESPONSES)
@survey_page_blp.alt_response(410, description="answered before, done by phone, or expired; nothing recorded",
                              **PAGE_RESPONSES)
@survey_page_blp.alt_response(422, description="the form again, naming each field to correct; nothing recorded",
                              **PAGE_RESPONSES)
@survey_page_blp.doc(security=[])
def answer_survey(form, token):
    return _page(surveys.answer_survey(_db(), survey_links(context().settings), token, form))


def _page(page: surveys.SurveyPage) -> Response:
    return page_response("survey.html", page)


def page_response(template: str, page) -> Response:
    """A customer's page (its ``status`` the HTTP status) with the headers a page behind a credential link needs."""
    nonce = secrets.token_urlsafe(16)
    response = Response(render_template(template, page=page, nonce=nonce), status=page.status,
                        mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_CSP.format(nonce=nonce)
    # The link is a credential: no cache keeps the page, no Referer carries the token anywhere.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
