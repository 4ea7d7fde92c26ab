"""What identity's use cases share: the clock, the domain's errors as problems, stored dates and missing records."""
from __future__ import annotations

from datetime import UTC, date, datetime, time

from kefulib.clock import now
from kefulib.problems import Conflict, Forbidden, NotFound, Unprocessable

from ..domain import InvalidInput, InvalidTransition, NotPermitted

__all__ = ["DOMAIN_PROBLEMS", "as_date", "as_datetime", "found", "invalid", "now"]


def invalid(field: str, message: str | list[str]) -> Unprocessable:
    """422 naming one field, as the request calls it."""
    return Unprocessable(f"These fields are not valid: {field}.", errors={field: [message] if isinstance(message, str)
                                                                          else list(message)})


# Answered by create_service_app wherever a rule raises them: the field named, or the refusal in words.
DOMAIN_PROBLEMS = {
    InvalidInput: lambda error: invalid(error.field, error.message),
    NotPermitted: lambda error: Forbidden(str(error)),
    InvalidTransition: lambda error: Conflict(str(error)),
}


def found(collection, filter_: dict, missing: str) -> dict:
    """The one document `filter_` matches in `collection` (a TenantCollection: another project's looks missing),
    or 404 saying `missing`."""
    doc = collection.find_one(filter_)
    if doc is None:
        raise NotFound(missing)
    return doc


def as_datetime(day: date) -> datetime:
    """A day as MongoDB stores it: midnight UTC."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def as_date(moment: datetime | None) -> date | None:
    return moment.astimezone(UTC).date() if moment is not None else None
