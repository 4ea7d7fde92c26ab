"""Customer notices' REST endpoints 客户通知: thin views over handlers.notices."""
from zoneinfo import ZoneInfo

from flask import Response
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from . import notice_pdf
from . import schemas_notices as s
from .handlers import common, notices

READ, WRITE = ["desk:read"], ["desk:write"]
# The manager answers for what goes out under the management office's name (seed 000).
APPROVER_ROLES = ["project_manager"]
# Printed dates are the estate's: the desk has no zone setting of its own yet.
PRINT_ZONE = ZoneInfo("Asia/Shanghai")

notices_blp = Blueprint("notices", __name__, description="Customer notices 客户通知/温馨提示: drafted, approved by "
                                                         "the project manager, published, printed, archived.")
BLUEPRINTS = [notices_blp]
CONFLICTS = "`reason_code` not_a_draft, not_submitted, own_notice, not_approved, notice_ended, not_published, " \
            "already_archived, notice_changed."


def _db():
    return context().db


@notices_blp.route("/notices", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@notices_blp.arguments(s.NoticeIn)
@notices_blp.response(201, s.NoticeOut)
def draft(body):
    """A new draft."""
    return notices.draft(_db(), current_principal(), body)


@notices_blp.route("/notices", methods=["GET"])
@require(scopes=READ)
@notices_blp.arguments(s.NoticeQuery, location="query")
@notices_blp.response(200, s.NoticePage)
def list_notices(query):
    """Newest first; archived ones only with `status=archived` or `include_archived=true`."""
    return notices.list_notices(_db(), current_principal().tenant_id, query)


@notices_blp.route("/notices/<notice_id>", methods=["GET"])
@require(scopes=READ)
@notices_blp.response(200, s.NoticeOut)
def get_notice(notice_id):
    """The notice with its delivery and read counts (as notifications last reported them)."""
    return notices.get_notice(_db(), current_principal().tenant_id, notice_id)


@notices_blp.route("/notices/<notice_id>", methods=["PATCH"])
@require(scopes=WRITE)
@notices_blp.arguments(s.NoticeEditIn(partial=True))
@notices_blp.response(200, s.NoticeOut)
@notices_blp.alt_response(409, description=CONFLICTS)
def edit(body, notice_id):
    """Change a draft (a refused notice is a draft again)."""
    return notices.edit(_db(), current_principal(), notice_id, body)


@notices_blp.route("/notices/<notice_id>/submit", methods=["POST"])
@require(scopes=WRITE)
@notices_blp.arguments(s.EmptyIn)
@notices_blp.response(200, s.NoticeOut)
@notices_blp.alt_response(409, description=CONFLICTS)
def submit(body, notice_id):
    """To the project manager for approval."""
    return notices.submit(_db(), current_principal(), notice_id)


@notices_blp.route("/notices/<notice_id>/approve", methods=["POST"])
@require(scopes=WRITE, roles=APPROVER_ROLES)
@notices_blp.arguments(s.ApproveIn)
@notices_blp.response(200, s.NoticeOut)
@notices_blp.alt_response(409, description=CONFLICTS)
def approve(body, notice_id):
    """The project manager approves a submitted notice (never their own)."""
    return notices.approve(_db(), current_principal(), notice_id, body)


@notices_blp.route("/notices/<notice_id>/refuse", methods=["POST"])
@require(scopes=WRITE, roles=APPROVER_ROLES)
@notices_blp.arguments(s.RefuseIn)
@notices_blp.response(200, s.NoticeOut)
@notices_blp.alt_response(409, description=CONFLICTS)
def refuse(body, notice_id):
    """Back to draft with the reason, for the author to change and submit again."""
    return notices.refuse(_db(), current_principal(), notice_id, body)


@notices_blp.route("/notices/<notice_id>/publish", methods=["POST"])
@require(scopes=WRITE)
@notices_blp.arguments(s.EmptyIn)
@notices_blp.response(200, s.NoticeOut)
@notices_blp.alt_response(409, description=CONFLICTS)
def publish(body, notice_id):
    """Publish an approved notice: desk.notice.published, and notifications tells its buildings' households."""
    return notices.publish(_db(), current_principal(), notice_id)


@notices_blp.route("/notices/<notice_id>/archive", methods=["POST"])
@require(scopes=WRITE)
@notices_blp.arguments(s.EmptyIn)
@notices_blp.response(200, s.NoticeOut)
@notices_blp.alt_response(409, description=CONFLICTS)
def archive(body, notice_id):
    """Taken down by hand (one past its end date is archived already)."""
    return notices.archive(_db(), current_principal(), notice_id)


@notices_blp.route("/notices/<notice_id>/pdf", methods=["GET"])
@require(scopes=READ)
@notices_blp.response(200, content_type="application/pdf", description="the printable notice (A4)")
def pdf(notice_id):
    """The printable notice with the project's letterhead (desk setting `letterhead`), date and approver."""
    tenant = current_principal().tenant_id
    notice = notices.get_notice(_db(), tenant, notice_id)
    published = notice["published_at"].astimezone(PRINT_ZONE) if notice.get("published_at") else None
    document = notice_pdf.render(notice, common.desk_settings(_db(), tenant).letterhead, published,
                                 notice.get("approver_name") or notice.get("decided_by")
                                 if notice["status"] not in ("draft", "submitted") else None)
    return Response(document, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="notice-{notice_id[:8]}.pdf"'})
