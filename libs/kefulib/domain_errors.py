"""How a service's rules say no. Both leave nothing changed; the handlers turn them into problem details.

``BadField`` is input a rule finds wrong (422 naming the field, X-4); ``Refused`` is a well-formed request the
record's state or a rule forbids (409 with a stable ``reason_code``, like ticketing's).

Pure (no I/O, no clock): the one kefulib module a service's `domain` package may import
(kefulib.testing.domain_purity allows it).
"""
from __future__ import annotations


class BadField(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Refused(Exception):
    def __init__(self, code: str, message: str, **details) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


def refuse_if(condition: bool, code: str, message: str, **details) -> None:
    if condition:
        raise Refused(code, message, **details)
