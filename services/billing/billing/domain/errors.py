"""The one error the billing domain raises when a rule refuses a request."""
from __future__ import annotations


class BillingError(Exception):
    """A billing rule refused the request.

    `reason` is a stable, machine-readable code (e.g. ``quote_not_sent``) that the API
    layer can return as-is; `field` names the offending input when there is one (X-4).
    """

    def __init__(self, reason: str, detail: str = "", field: str | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.field = field
        text = f"{reason}: {detail}" if detail else reason
        super().__init__(f"{text} (field: {field})" if field else text)


def require_text(value: object, field: str) -> str:
    """Return `value` stripped, refusing anything that is not a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise BillingError("required", "must be a non-empty string", field)
    return value.strip()


def require_positive_int(value: object, field: str) -> int:
    """Return `value` if it is an int >= 1 (bools and floats refused)."""
    if type(value) is not int or value < 1:
        raise BillingError("invalid_quantity", "must be a whole number of at least 1", field)
    return value
