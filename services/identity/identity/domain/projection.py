"""Apply an AccessDecision to a stored record: the view a caller actually receives (ID-8)."""

from collections.abc import Callable, Mapping
from typing import Any

from identity.domain.masking import mask_address, mask_id_number, mask_name, mask_phone
from identity.domain.policy import AccessDecision
from identity.domain.records import ADDRESS_FIELDS, ID_NUMBER_FIELDS, NAME_FIELDS, PHONE_FIELDS

REDACTED = "***"


def _masker(path: str) -> Callable[[str], str]:
    for fields, mask in (
        (ID_NUMBER_FIELDS, mask_id_number),
        (PHONE_FIELDS, mask_phone),
        (NAME_FIELDS, mask_name),
        (ADDRESS_FIELDS, mask_address),
    ):
        if path in fields:
            return mask
    # A field with no specific mask is redacted whole rather than shown.
    return lambda _value: REDACTED


def mask_field(path: str, value: Any) -> Any:
    """The masked form of one field's value; None stays None, non-text is redacted."""
    if value is None:
        return None
    return _masker(path)(value) if isinstance(value, str) else REDACTED


def _copy(path: str, value: Any, masked: bool) -> Any:
    return mask_field(path, value) if masked else value


def project_record(record: Mapping[str, Any], decision: AccessDecision) -> dict[str, Any]:
    """Only the fields the decision discloses, masked where it says; nothing else survives.

    Dotted paths reach into a sub-document (`emergency_contact.name`) or into each item of
    a list (`members.phone`). Keys the decision does not name, ids included, are dropped.
    """
    view: dict[str, Any] = {}
    for path in sorted(decision.disclosed_fields):
        masked = path in decision.masked_fields
        head, _, rest = path.partition(".")
        if head not in record:
            continue
        value = record[head]
        if not rest:
            view[head] = _copy(path, value, masked)
        elif isinstance(value, Mapping):
            if rest in value:
                view.setdefault(head, {})[rest] = _copy(path, value[rest], masked)
        elif isinstance(value, list):
            items = view.setdefault(head, [{} for _ in value])
            for item, source in zip(items, value, strict=True):
                if isinstance(source, Mapping) and rest in source:
                    item[rest] = _copy(path, source[rest], masked)
    return view
