"""Apply a named action to a ticket: the only way a ticket's state changes.

``apply`` is pure: it returns the new snapshot and the history entry to append, or raises
``TransitionRefused`` (409: the rules say no) or ``InvalidInput`` (400: a detail is
missing or malformed). The caller stores both results and the outgoing event atomically.
"""
from __future__ import annotations

from dataclasses import replace

from .clock import Pause
from .errors import TransitionRefused, parse_choice, require, require_aware, require_fen, require_text
from .kinds import Channel, TicketKind, parse_subtype
from .ticket import ActionContext, HistoryEntry, TicketAction, TicketSnapshot, TicketState, Transition
from .transitions import RULES, Rule


def open_ticket(kind: TicketKind | str, channel: Channel | str, first_responder: str, created_at,
                *, subtype: str | None = None, immediate: bool = False, off_catalogue: bool = False,
                paid_repair: bool = False) -> Transition:
    """Record a new ticket (受理); ``first_responder`` stays accountable for it (首问责任制)."""
    kind = parse_choice(TicketKind, kind, "kind")
    created_at = require_aware(created_at, "created_at")
    repair_flags = immediate or off_catalogue or paid_repair
    require(kind.is_repair or not repair_flags, "kind", "only repairs are immediate, off-catalogue or paid")
    snapshot = TicketSnapshot(
        kind=kind, created_at=created_at, updated_at=created_at,
        first_responder=require_text(first_responder, "first_responder"),
        channel=parse_choice(Channel, channel, "channel"), subtype=parse_subtype(kind, subtype),
        immediate=immediate, off_catalogue=off_catalogue, paid_repair=paid_repair)
    entry = HistoryEntry(created_at, snapshot.first_responder, TicketAction.RECEIVE, None, TicketState.RECEIVED)
    return Transition(snapshot, entry)


def apply(snapshot: TicketSnapshot, action: TicketAction | str, ctx: ActionContext) -> Transition:
    """The ticket after ``action``; see ``transitions.RULES`` for what each action allows."""
    action = parse_choice(TicketAction, action, "action")
    rule = RULES.get(action)
    require(rule is not None, "action", "a ticket is received only once, through open_ticket")
    at = _check_context(snapshot, ctx)
    if snapshot.state not in rule.sources:
        allowed = ", ".join(sorted(rule.sources))
        raise TransitionRefused(f"'{action}' is not possible while the ticket is {snapshot.state}; "
                                f"it is allowed when the ticket is {allowed}", "wrong_state")
    _require_details(rule, ctx)
    reason = rule.guard(snapshot, ctx) if rule.guard else None
    if reason:
        raise TransitionRefused(reason)
    after = _move(snapshot, rule, ctx, at)
    entry = HistoryEntry(at, ctx.actor.strip(), action, snapshot.state, after.state, ctx.note.strip())
    return Transition(after, entry, rule.emits)


def _move(snapshot: TicketSnapshot, rule: Rule, ctx: ActionContext, at) -> TicketSnapshot:
    target = rule.target(snapshot) if rule.target else snapshot.state
    changes = rule.effect(snapshot, ctx) if rule.effect else {}
    milestones = dict(snapshot.milestones)
    for met in rule.meets:
        milestones.setdefault(met, at)
    moved = replace(snapshot, state=target, updated_at=at, milestones=milestones, **changes)
    return _track_pause(snapshot.state, moved, at)


def _track_pause(before: TicketState, after: TicketSnapshot, at) -> TicketSnapshot:
    """Open a pause on entering a waiting state, close it on leaving, remember where to resume."""
    if after.state.stops_clock and not before.stops_clock:
        return replace(after, pauses=(*after.pauses, Pause(at, None, str(after.state))), resume_state=before)
    if before.stops_clock and not after.state.stops_clock:
        *done, last = after.pauses
        return replace(after, pauses=(*done, replace(last, end=at)), resume_state=None)
    return after


def _check_context(snapshot: TicketSnapshot, ctx: ActionContext):
    require_text(ctx.actor, "actor")
    at = require_aware(ctx.at, "at")
    require(snapshot.updated_at is None or at >= snapshot.updated_at, "at",
            "is before the ticket's last change")
    if ctx.appointment_at is not None:
        require_aware(ctx.appointment_at, "appointment_at")
    if ctx.price_fen is not None:
        require_fen(ctx.price_fen, "price_fen")
    if ctx.satisfaction is not None:
        require(type(ctx.satisfaction) is int and 1 <= ctx.satisfaction <= 5,
                "satisfaction", "must be a whole number 1..5")
    return at


def _require_details(rule: Rule, ctx: ActionContext) -> None:
    for name in rule.needs:
        value = getattr(ctx, name)
        if isinstance(value, str) or value is None:
            require_text(value, name)
