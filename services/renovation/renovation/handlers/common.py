"""What every renovation use case shares: the clock, rule refusals as problems, loading a record."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime

from kefulib.domain_errors import BadField, Refused
from kefulib.problems import Conflict, NotFound, Unprocessable
from kefulib.store import TenantCollection
from kefulib.timezones import zone


def now() -> datetime:
    """Now, cut to the millisecond MongoDB keeps, so a stored time reads back equal."""
    at = datetime.now(UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


@contextlib.contextmanager
def rules() -> Iterator[None]:
    """A rule's refusal as a problem: a bad field 422 naming it, a refused action 409 with its reason code."""
    try:
        yield
    except BadField as exc:
        raise Unprocessable(f"These fields are not valid: {exc.field}.", errors={exc.field: [exc.message]}) from exc
    except Refused as exc:
        raise Conflict(exc.message, reason_code=exc.code, **exc.details) from exc


def get_or_404(collection: TenantCollection, record_id: str, what: str, session=None) -> dict:
    found = collection.find_one({"_id": record_id}, session=session)
    if found is None:
        raise NotFound(f"No such {what}.")
    return found


# The projects' local time (the gate's "now" and a pass's day); every project is in mainland China today.
PROJECT_ZONE = zone("Asia/Shanghai")
