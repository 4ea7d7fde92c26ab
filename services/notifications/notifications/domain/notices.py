"""Telling the customer (NT-1, TK-10) and the staff by message (NT-2): which matters, when, on which channel,
and what happens after an attempt (NT-3). Pure: times are given, nothing is read or written here.

A *notice* is one message to one recipient about one event. It waits in the delivery log until it may go
(quiet hours), is sent on the first channel of the project's order that the recipient can receive and has
not opted out of, and is retried with a growing delay while the provider answers "later".
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from kefulib.masking import mask_phone


class Topic(StrEnum):
    """What the customer is told about (NT-1), and what staff are told by message (NT-2)."""

    RECEIVED = "received"            # 已受理
    DISPATCHED = "dispatched"        # 已派单: technician and arrival window
    ARRIVED = "arrived"              # 已到场
    QUOTE_WAITING = "quote_waiting"  # 报价待确认
    DONE = "done"                    # 已完成
    RETURN_VISIT = "return_visit"    # 回访: the survey link (NT-4)
    SATISFACTION_SURVEY = "satisfaction_survey"  # 满意度调查: a household sampled by desk's campaign, its link
    ESCALATION = "escalation"        # staff: an SLA breach reached this person's level (TK-4)
    NOTICE = "notice"                # households: a customer notice 客户通知 the desk published
    PARCEL = "parcel"                # households: a parcel or letter waits at the desk (DK-3)


CUSTOMER_TOPICS = (Topic.RECEIVED, Topic.DISPATCHED, Topic.ARRIVED, Topic.QUOTE_WAITING, Topic.DONE,
                   Topic.RETURN_VISIT, Topic.SATISFACTION_SURVEY, Topic.NOTICE, Topic.PARCEL)


class Channel(StrEnum):
    SMS = "sms"
    WECHAT = "wechat"
    EMAIL = "email"


class Status(StrEnum):
    QUEUED = "queued"          # waiting for its time (quiet hours, a retry's delay) or a sender
    SENDING = "sending"        # a sender holds it (a lease: a sender that died lets it go again)
    SENT = "sent"              # the provider accepted it
    DELIVERED = "delivered"    # the provider's receipt says it reached the phone
    FAILED = "failed"          # permanently refused, or retried until the limit (a dead letter)
    SUPPRESSED = "suppressed"  # deliberately not sent: opted out, throttled, no contact, no channel


FINAL = frozenset({Status.DELIVERED, Status.FAILED, Status.SUPPRESSED})


class Suppression(StrEnum):
    OPTED_OUT = "opted_out"
    THROTTLED = "throttled"
    NO_CONTACT = "no_contact"
    NO_CHANNEL = "no_channel"      # none of the project's channels is set up or reaches this person
    TOPIC_OFF = "topic_off"


def is_urgent(kind: str | None, category: str | None) -> bool:
    """Help requests and urgent repairs are told at once, also in quiet hours (NT-1)."""
    return kind == "help_request" or (kind == "repair" and category == "urgent")


@dataclass(frozen=True)
class NoticePolicy:
    """A project's settings for messages; the defaults are NT-1's."""

    topics: frozenset[Topic] = frozenset(CUSTOMER_TOPICS)
    channels: tuple[Channel, ...] = (Channel.WECHAT, Channel.SMS, Channel.EMAIL)
    quiet_start: time = time(22, 0)
    quiet_end: time = time(8, 0)
    timezone: str = "Asia/Shanghai"
    per_hour: int = 6                 # messages to one customer in any hour; beyond it they are suppressed
    language: str = "zh"
    sender_name: str = "物业客服中心"
    staff_channels: tuple[Channel, ...] = (Channel.EMAIL,)   # escalations beyond the inbox
    provider_templates: dict = field(default_factory=dict)   # {channel: {topic: provider template code/id}}


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    """Whether a local time of day falls in [start, end), which may run over midnight (22:00–08:00)."""
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def release_at(at: datetime, policy: NoticePolicy, urgent: bool) -> datetime:
    """When a notice raised at `at` may go: at once, or when the project's quiet hours end (local time)."""
    if urgent:
        return at
    zone = ZoneInfo(policy.timezone)
    local = at.astimezone(zone)
    if not in_quiet_hours(local.time(), policy.quiet_start, policy.quiet_end):
        return at
    end = local.replace(hour=policy.quiet_end.hour, minute=policy.quiet_end.minute, second=0, microsecond=0)
    if end <= local:
        end += timedelta(days=1)
    # Rebuild through the zone: a day with a DST change keeps 08:00 as the wall-clock time.
    return datetime.combine(end.date(), policy.quiet_end, zone).astimezone(at.tzinfo)


def choose_channel(order: Sequence[Channel], reachable: Iterable[Channel], opted_out: Iterable[Channel],
                   configured: Iterable[Channel]) -> tuple[Channel | None, Suppression | None]:
    """The first channel of the project's order that is set up, reaches the recipient and is not opted out of."""
    reachable, opted_out, configured = set(reachable), set(opted_out), set(configured)
    candidates = [c for c in order if c in configured and c in reachable]
    for channel in candidates:
        if channel not in opted_out:
            return channel, None
    return None, (Suppression.OPTED_OUT if candidates else Suppression.NO_CHANNEL)


def usable_channels(configured: Iterable[str], provider_templates: dict, topic: str) -> set[Channel]:
    """The channels that can carry a notice on `topic`: set up in this deployment and, for SMS and WeChat (which
    send only a provider's approved template), given a template code for the topic by the project."""
    usable = set()
    for name in configured:
        channel = Channel(name)
        if channel is Channel.EMAIL or (provider_templates.get(str(channel)) or {}).get(str(topic)):
            usable.add(channel)
    return usable


def staff_to_wake(told: Sequence[str], on_duty: str | None, quiet: bool) -> list[str]:
    """Who an escalation reaches beyond the inbox (NT-2): by day the people told; at night (the project's quiet
    hours) only the person on duty, who takes the night's calls — unless no hand-over ever named one, then the
    people told (better woken than nobody told)."""
    if quiet and on_duty:
        return [on_duty]
    return list(dict.fromkeys(told))


def throttled(sent_in_last_hour: int, per_hour: int, urgent: bool) -> bool:
    """Beyond the project's hourly limit a customer is not told more; an urgent matter always is."""
    return not urgent and sent_in_last_hour >= per_hour


MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


@dataclass(frozen=True)
class AfterAttempt:
    status: Status
    next_attempt_at: datetime | None = None
    dead_letter: bool = False


def after_attempt(outcome: str, attempts: int, at: datetime, retry_after: float | None = None) -> AfterAttempt:
    """What an attempt's outcome (sent / retry / failed) does: a retry waits 30 s, 1 min, 2 min … (at most an
    hour, at least what the provider asked for) until the sixth attempt, after which it is a dead letter."""
    if outcome == "sent":
        return AfterAttempt(Status.SENT)
    if outcome == "retry" and attempts < MAX_ATTEMPTS:
        delay = min(FIRST_RETRY * (2 ** (attempts - 1)), LONGEST_RETRY)
        if retry_after:
            delay = max(delay, timedelta(seconds=retry_after))
        return AfterAttempt(Status.QUEUED, at + delay)
    return AfterAttempt(Status.FAILED, dead_letter=True)


def ticket_reference(ticket_id: str) -> str:
    """The short number a customer can quote on the phone: the first 8 characters of the ticket's id."""
    return ticket_id.replace("-", "")[:8].upper()


def mask_address(channel: Channel, address: str | None) -> str | None:
    """What the delivery log shows of an address: enough to recognise it, not to use it."""
    if not address:
        return address
    if channel is Channel.EMAIL and "@" in address:
        name, domain = address.split("@", 1)
        return f"{name[:1]}***@{domain}"
    if channel is Channel.WECHAT:
        return address[:4] + "…" if len(address) > 4 else "…"
    return mask_phone(address)
