"""The two ways the ticketing domain says no.

``InvalidInput`` is bad input (the API answers 400 naming the field, X-4);
``TransitionRefused`` is a valid request the ticket's current state or a business rule
forbids (the API answers 409). Neither leaves anything changed.
"""
from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)


class InvalidInput(ValueError):
    """A value is missing or malformed; ``field`` names it, ``code`` is machine-readable."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "message": self.message}


class TransitionRefused(Exception):
    """A rule refuses the change; ``reason`` is a sentence a CS assistant can read out."""

    def __init__(self, reason: str, code: str = "transition_refused") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.reason}


def require(condition: bool, field: str, message: str, code: str = "invalid") -> None:
    if not condition:
        raise InvalidInput(field, message, code)


def require_text(value: object, field: str) -> str:
    """``value`` stripped; a blank or non-string value is refused."""
    require(isinstance(value, str) and value.strip() != "", field, "is required", "required")
    return value.strip()  # type: ignore[union-attr]


def require_fen(value: object, field: str) -> int:
    """Money is integer fen (分), never negative; bools and floats are refused."""
    require(type(value) is int and value >= 0, field, "must be a whole number of fen >= 0")
    return value  # type: ignore[return-value]


def require_aware(value: object, field: str) -> datetime:
    """A timezone-aware datetime, converted to UTC: naive times are ambiguous across projects."""
    require(isinstance(value, datetime), field, "must be a datetime")
    require(value.tzinfo is not None and value.utcoffset() is not None,  # type: ignore[union-attr]
            field, "must be timezone-aware")
    return value.astimezone(UTC)  # type: ignore[union-attr]


def parse_choice(enum: type[E], value: object, field: str) -> E:
    """``value`` as a member of ``enum``; anything else is refused naming the choices."""
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(str(m.value) for m in enum)
        raise InvalidInput(field, f"must be one of {choices}", "invalid_choice") from None
