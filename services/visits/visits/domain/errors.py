"""How the visits domain says no, shaped like ticketing's so the API maps both alike.

``InvalidInput`` is bad input (400 naming the field, X-4); ``RuleRefused`` is a well-formed
request that the current state or a rule forbids (409). Both leave nothing changed and
share ``DomainError``, so a handler may catch either with one clause.
"""
from __future__ import annotations


class DomainError(ValueError):
    """``code`` is stable and machine-readable, ``field`` names the input at fault (if any)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "field": self.field, "message": self.message}


class InvalidInput(DomainError):
    """A value is missing, malformed or out of range."""


class RuleRefused(DomainError):
    """A valid request refused by state or rule (checked out twice, slot taken, ...)."""


def require(condition: bool, code: str, message: str, field: str | None = None) -> None:
    """Raise :class:`InvalidInput` unless ``condition`` holds."""
    if not condition:
        raise InvalidInput(code, message, field)


def refuse_unless(condition: bool, code: str, message: str, field: str | None = None) -> None:
    """Raise :class:`RuleRefused` unless ``condition`` holds."""
    if not condition:
        raise RuleRefused(code, message, field)


def require_text(value: str, field: str) -> str:
    """Return ``value`` stripped; refuse a blank one."""
    require(isinstance(value, str) and value.strip() != "", "required", f"{field} is required", field)
    return value.strip()
