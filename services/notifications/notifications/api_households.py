"""The household's notice page behind the link in a notice's message: public (the signed link is the credential),
HTML, Chinese, for phones. Opening it counts the household's read once."""
import secrets
from zoneinfo import ZoneInfo

from flask import Response, render_template
from flask_smorest import Blueprint
from kefulib.web import context

from .api import HTML, PAGE_CSP, PAGE_RESPONSES
from .config import survey_links
from .handlers import households
from .handlers.notice_settings import policy_of

notice_page_blp = Blueprint("notice_page", __name__, template_folder="templates",
                            description="A customer notice 客户通知 as the household's link shows it: public, HTML, "
                                        "Chinese; the first opening per household counts as read.")
BLUEPRINTS = [notice_page_blp]


@notice_page_blp.route("/n/<token>", methods=["GET"])
@notice_page_blp.response(200, HTML, content_type="text/html", description="the notice")
@notice_page_blp.alt_response(404, description="not one of our links (altered or incomplete)", **PAGE_RESPONSES)
@notice_page_blp.alt_response(410, description="the link has expired: the page says so", **PAGE_RESPONSES)
@notice_page_blp.doc(security=[])
def notice_page(token):
    status, fanout = households.open_notice(context().db, survey_links(context().settings), token)
    shown = None
    if fanout is not None:
        policy = policy_of(context().db, fanout["tenant_id"])
        zone = ZoneInfo(policy.timezone)
        shown = {"title": fanout["title"], "paragraphs": fanout["body"].splitlines(), "sender": policy.sender_name,
                 "published": f"{fanout['published_at'].astimezone(zone):%Y-%m-%d}"}
    nonce = secrets.token_urlsafe(16)
    response = Response(render_template("notice.html", status=status, notice=shown, nonce=nonce), status=status,
                        mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_CSP.format(nonce=nonce)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
