"""Phone messages 电话留言 (DK-4): left at the desk → delivered to the person → acknowledged by them.

A message for one staff member is acknowledged only by that person; one for a department by anyone of it
(the desk cannot know who that is, so anyone signed in may). Acknowledging a message nobody carried over (the
person saw it in their own list) delivers it to them at the same moment.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kefulib.domain_errors import refuse_if


class MessageStatus(StrEnum):
    LEFT = "left"
    DELIVERED = "delivered"
    ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True)
class Addressee:
    staff_id: str | None
    department: str | None


def check_deliver(status: MessageStatus | str) -> None:
    refuse_if(MessageStatus(status) is not MessageStatus.LEFT, "already_delivered",
              f"The message is already {status}.")


def acknowledge(status: MessageStatus | str, addressee: Addressee, person: str) -> list[MessageStatus]:
    """The states the message passes through when ``person`` acknowledges it (empty: it already is)."""
    refuse_if(addressee.staff_id is not None and addressee.staff_id != person, "not_the_addressee",
              "Only the person the message is for acknowledges it.")
    current = MessageStatus(status)
    if current is MessageStatus.ACKNOWLEDGED:
        return []
    if current is MessageStatus.LEFT:
        return [MessageStatus.DELIVERED, MessageStatus.ACKNOWLEDGED]
    return [MessageStatus.ACKNOWLEDGED]
