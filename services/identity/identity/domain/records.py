"""Vocabulary of the level-1 confidential archives (业户资料档案, 公司一级保密资料).

Field names are dotted paths into the stored record: `members.phone` is the phone of each
member of a resident archive, `emergency_contact.address` the emergency contact's address.
"""

from collections.abc import Iterable
from enum import StrEnum

from identity.domain.errors import InvalidInput


class RecordKind(StrEnum):
    """Kinds of archive record a read can target."""

    OWNER_ARCHIVE = "owner_archive"  # 业主档案
    RESIDENT_ARCHIVE = "resident_archive"  # 住户档案
    VIP_PROFILE = "vip_profile"  # 重点业户资料
    IMPORTANT_EVENT = "important_event"  # 重要事件资料档案
    CONTACT_LIST = "contact_list"  # 住户联系清单, security's list


RECORD_FIELDS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.OWNER_ARCHIVE: (
        "unit",
        "name",
        "gender",
        "id_number",
        "native_place",
        "household_registration",
        "phone",
        "address",
        "floor_area",
        "agent_name",
        "agent_signature_specimen",
        "photo",
    ),
    RecordKind.RESIDENT_ARCHIVE: (
        "unit",
        "members.name",
        "members.id_number",
        "members.phone",
        "emergency_contact.name",
        "emergency_contact.phone",
        "emergency_contact.address",
    ),
    RecordKind.VIP_PROFILE: (
        "unit",
        "name",
        "birthday",
        "character",
        "preferences",
        "special_needs",
        "opinions",
        "complaint_history",
        "customer_classes",
    ),
    RecordKind.IMPORTANT_EVENT: (
        "unit",
        "event_kind",
        "title",
        "summary",
        "parties",
        "evidence",
        "handling_record",
        "status",
    ),
    # Only what a guard needs to recognise a resident and reach someone in an emergency.
    RecordKind.CONTACT_LIST: ("unit", "name", "id_number", "emergency_contact.name"),
}

NAME_FIELDS = frozenset({"name", "members.name", "emergency_contact.name", "agent_name"})
ID_NUMBER_FIELDS = frozenset({"id_number", "members.id_number"})
PHONE_FIELDS = frozenset({"phone", "members.phone", "emergency_contact.phone"})
ADDRESS_FIELDS = frozenset({"address", "emergency_contact.address"})


class Purpose(StrEnum):
    """Why a caller reads; every read states one and the access log records it."""

    CUSTOMER_SERVICE = "customer_service"
    REPAIR_DISPATCH = "repair_dispatch"
    QUALITY_CHECK = "quality_check"  # 档案质量检查 (ID-10)
    BILLING = "billing"
    SECURITY_CONTACT_LIST = "security_contact_list"
    AUDIT = "audit"
    LEGAL_REQUEST = "legal_request"  # police, court, lawyer: an outside party
    EXPORT = "export"  # 拷贝
    PRINT = "print"  # 打印
    COPY = "copy"  # 复印


REPRODUCTION_PURPOSES = frozenset({Purpose.EXPORT, Purpose.PRINT, Purpose.COPY})
OUTSIDE_PURPOSES = frozenset({Purpose.LEGAL_REQUEST})


def fields_of(kind: RecordKind | str) -> tuple[str, ...]:
    """All fields of a record kind, in display order."""
    return RECORD_FIELDS[RecordKind(kind)]


def parse_kind(value: RecordKind | str) -> RecordKind:
    """The record kind named by `value`, or InvalidInput naming `record_kind`."""
    try:
        return RecordKind(value)
    except ValueError:
        raise InvalidInput("record_kind", f"unknown record kind {value!r}") from None


def parse_purpose(value: Purpose | str) -> Purpose:
    """The purpose named by `value`, or InvalidInput naming `purpose`."""
    try:
        return Purpose(value)
    except ValueError:
        raise InvalidInput("purpose", f"unknown purpose {value!r}") from None


def parse_fields(kind: RecordKind, fields: Iterable[str]) -> frozenset[str]:
    """Requested fields as a set; an unknown or empty request is an input error, not a refusal."""
    if isinstance(fields, str):
        raise InvalidInput("fields", "must be a list of field names, not one string")
    requested = frozenset(fields)
    if not requested:
        raise InvalidInput("fields", "at least one field must be requested")
    unknown = sorted(requested - set(RECORD_FIELDS[kind]))
    if unknown:
        raise InvalidInput("fields", f"not fields of {kind.value}: {', '.join(unknown)}")
    return requested
