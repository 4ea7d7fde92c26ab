"""Quotes before work (报价, BL-2 / TK-6): versioned, accepted or declined by the customer.

A quote is never edited: an on-site finding that changes the work makes version n+1,
which needs its own acceptance; the version it replaces becomes superseded. What may be
charged is the accepted version's total, and nothing while no version stands accepted.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from .errors import BillingError, require_text
from .lines import PricedLine, lines_total_fen


class QuoteStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class QuoteVersion:
    number: int
    lines: tuple[PricedLine, ...]
    status: QuoteStatus = QuoteStatus.DRAFT
    finding: str | None = None  # why this version replaced the previous one
    decline_reason: str | None = None

    @property
    def total_fen(self) -> int:
        return lines_total_fen(self.lines)


@dataclass(frozen=True)
class Quote:
    quote_id: str
    ticket_id: str
    versions: tuple[QuoteVersion, ...]

    @property
    def current(self) -> QuoteVersion:
        return self.versions[-1]

    @property
    def accepted(self) -> QuoteVersion | None:
        return next((v for v in self.versions if v.status is QuoteStatus.ACCEPTED), None)

    @property
    def chargeable_fen(self) -> int:
        """The accepted version's total; refused while the customer has accepted nothing."""
        if self.accepted is None:
            raise BillingError("no_accepted_quote", f"quote {self.quote_id} has no accepted version")
        return self.accepted.total_fen

    def send(self) -> Quote:
        """Present the current draft to the customer."""
        self._require_current_status(QuoteStatus.DRAFT, "quote_not_draft")
        return self._with_current(replace(self.current, status=QuoteStatus.SENT))

    def accept(self, version: int) -> Quote:
        """The customer accepts `version`, which must be the one they were shown and current."""
        self._require_current_version(version)
        self._require_current_status(QuoteStatus.SENT, "quote_not_sent")
        return self._with_current(replace(self.current, status=QuoteStatus.ACCEPTED))

    def decline(self, version: int, reason: str) -> Quote:
        self._require_current_version(version)
        self._require_current_status(QuoteStatus.SENT, "quote_not_sent")
        declined = replace(
            self.current, status=QuoteStatus.DECLINED, decline_reason=require_text(reason, "reason")
        )
        return self._with_current(declined)

    def revise(self, lines: Sequence[PricedLine], finding: str) -> Quote:
        """Version n+1 as a draft, because the on-site finding differs (现场与初步判断不符).

        The version it replaces is superseded, even if accepted: the customer must accept
        the new price. A declined version stays declined, as the customer's answer.
        """
        finding = require_text(finding, "finding")
        previous = self.current
        if previous.status is not QuoteStatus.DECLINED:
            previous = replace(previous, status=QuoteStatus.SUPERSEDED)
        new_version = QuoteVersion(number=previous.number + 1, lines=_lines(lines), finding=finding)
        return replace(self, versions=(*self.versions[:-1], previous, new_version))

    def _with_current(self, version: QuoteVersion) -> Quote:
        return replace(self, versions=(*self.versions[:-1], version))

    def _require_current_status(self, status: QuoteStatus, reason: str) -> None:
        if self.current.status is not status:
            raise BillingError(reason, f"version {self.current.number} is {self.current.status}")

    def _require_current_version(self, version: int) -> None:
        if version != self.current.number:
            raise BillingError(
                "quote_version_not_current",
                f"version {version} given, current is {self.current.number}",
                "version",
            )


def draft_quote(quote_id: str, ticket_id: str, lines: Sequence[PricedLine]) -> Quote:
    """Version 1 of a quote for a ticket, as a draft."""
    return Quote(
        quote_id=require_text(quote_id, "quote_id"),
        ticket_id=require_text(ticket_id, "ticket_id"),
        versions=(QuoteVersion(number=1, lines=_lines(lines)),),
    )


def _lines(lines: Sequence[PricedLine]) -> tuple[PricedLine, ...]:
    if not lines:
        raise BillingError("no_lines", "a quote needs at least one line", "lines")
    if not all(isinstance(line, PricedLine) for line in lines):
        raise BillingError("required", "lines must be priced lines", "lines")
    return tuple(lines)


def ensure_ticket_unquoted(others: Sequence[tuple[QuoteStatus, bool]]) -> None:
    """One live quote per ticket: a change of work is a revision of it, not a second quote.

    ``others`` are the ticket's existing quotes as (current status, already charged). A declined
    quote, or one whose work was charged (a later round of a reopened ticket), leaves room for a new one.
    """
    if any(status is not QuoteStatus.DECLINED and not charged for status, charged in others):
        raise BillingError("ticket_already_quoted",
                           "this ticket has a quote: revise it (POST /quotes/{id}/revisions) instead", "ticket_id")


def ensure_not_charged(quote_id: str, charged_versions: Sequence[int]) -> None:
    """A quote whose accepted version was charged is history: it is never revised."""
    if charged_versions:
        raise BillingError("quote_already_charged", f"quote {quote_id} was charged (version "
                           f"{', '.join(map(str, charged_versions))})")
