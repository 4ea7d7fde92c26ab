"""Schemas of the dispatch board's read (`GET /tickets/board`)."""
from marshmallow import Schema, fields, validate

from .handlers.board import BOARD_LIMIT


class BoardQuery(Schema):
    limit = fields.Integer(load_default=BOARD_LIMIT, validate=validate.Range(min=1, max=BOARD_LIMIT), metadata={
        "description": f"At most this many tickets, newest first (1 to {BOARD_LIMIT}, the default)."})


class NextBreach(Schema):
    key = fields.String(metadata={"description": "the SLA target and level, e.g. fixed/1"})
    due_at = fields.DateTime()


class BoardCard(Schema):
    """What a card on the board shows; the whole ticket is `GET /tickets/{id}`."""
    id = fields.String(attribute="_id")
    kind = fields.String()
    category = fields.String(allow_none=True)
    title = fields.String()
    unit_id = fields.String(allow_none=True)
    status = fields.String()
    created_at = fields.DateTime()
    department = fields.String(attribute="snapshot.department", allow_none=True)
    assignee = fields.String(attribute="snapshot.assignee", allow_none=True)
    appointment_at = fields.DateTime(attribute="snapshot.appointment_at", allow_none=True)
    next_breach = fields.Nested(NextBreach, allow_none=True, metadata={
        "description": "the earliest deadline still to breach (the card's countdown); null when none can"})
    callback_phone = fields.String(allow_none=True, metadata={"description": "masked, 138****1234"})


class BoardOut(Schema):
    items = fields.List(fields.Nested(BoardCard), metadata={"description": "newest first"})
    count = fields.Integer(metadata={"description": "tickets in `items`"})
    limit = fields.Integer()
    truncated = fields.Boolean(metadata={"description": "true when more tickets are open than `limit`: the newest "
                                                        "`limit` are given"})
