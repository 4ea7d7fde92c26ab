"""A ticket's photos and the customer's signature: the body of the upload is the image itself."""
from __future__ import annotations

import functools

from flask import Response, request
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from .domain.attachments import MAX_BYTES
from .handlers import attachments
from .schemas_attachments import AttachmentList, AttachmentOut, AttachmentQuery

READ, WRITE = ["ticketing:read"], ["ticketing:write"]
IMAGE_BODY = {"schema": {"type": "string", "format": "binary"}}

attachments_blp = Blueprint("attachments", __name__, description="Photos and signatures of a ticket (GridFS).")


def accepts_upload(limit: int):
    """Lift the service's 1 MB body limit to ``limit`` for this view only; above it Flask answers 413."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            request.max_content_length = limit
            return view(*args, **kwargs)
        return wrapper
    return decorate


@attachments_blp.route("/tickets/<ticket_id>/attachments", methods=["POST"])
@accepts_upload(MAX_BYTES)
@require(scopes=WRITE)
@idempotent()
@attachments_blp.arguments(AttachmentQuery, location="query")
@attachments_blp.response(201, AttachmentOut)
@attachments_blp.doc(
    requestBody={"required": True, "content": {"image/jpeg": IMAGE_BODY, "image/png": IMAGE_BODY,
                                               "image/webp": IMAGE_BODY}},
    description="The image itself as the body, at most 10 MB. Its type is read from its bytes, whatever the "
                "Content-Type says: anything but JPEG, PNG or WebP is a 422 naming `file`.")
def add_attachment(query, ticket_id):
    return attachments.add_attachment(context().db, current_principal(), ticket_id, query["kind"],
                                      request.get_data(cache=False))


@attachments_blp.route("/tickets/<ticket_id>/attachments", methods=["GET"])
@require(scopes=READ)
@attachments_blp.response(200, AttachmentList)
def list_attachments(ticket_id):
    return attachments.list_attachments(context().db, current_principal().tenant_id, ticket_id)


@attachments_blp.route("/tickets/<ticket_id>/attachments/<attachment_id>", methods=["GET"])
@require(scopes=READ)
@attachments_blp.doc(responses={"200": {"description": "The image", "content": {
    "image/jpeg": IMAGE_BODY, "image/png": IMAGE_BODY, "image/webp": IMAGE_BODY}}})
def read_attachment(ticket_id, attachment_id):
    data, record = attachments.read_attachment(context().db, current_principal().tenant_id, ticket_id, attachment_id)
    response = Response(data, status=200, content_type=record["content_type"])
    # Served only as the image it is: never sniffed into HTML, never kept by a shared cache.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Disposition"] = f'inline; filename="{record["_id"]}"'
    return response
