"""Visitor ID documents (VS-1): stored only masked, matched by a keyed fingerprint.

The register keeps what the desk needs to recognise a returning visitor (the last few
characters) and a keyed HMAC so the watch list can match a document without anyone
keeping the full number. Without the service's secret a fingerprint cannot be tested
against guessed numbers, which a plain hash of an 18-digit ID number could.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from .errors import require

#: ID card 居民身份证, passport 护照, Hong Kong/Macao and Taiwan travel permits
#: 港澳/台湾居民来往内地通行证, foreigner's permanent residence card 外国人永久居留身份证, other.
DOCUMENT_TYPES = frozenset(
    {"id_card", "passport", "hk_macao_permit", "taiwan_permit", "foreign_residence_card", "other"}
)
KEEP_LAST = 4
MIN_MASKED = 4
MIN_SECRET_BYTES = 16
_SEPARATORS = re.compile(r"[\s\-()]+")
_ALPHANUMERIC = re.compile(r"^[0-9A-Z]{4,32}$")
_ID_CARD = re.compile(r"^\d{17}[\dX]$")
_ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CARD_CHECK = "10X98765432"


@dataclass(frozen=True)
class ProtectedDocument:
    """All the register may store about a document: its type, masked form and fingerprint."""

    doc_type: str
    masked_number: str
    fingerprint: str


def normalise_document_number(doc_type: str, number: str) -> str:
    """Upper-case, full-width to ASCII, spaces/hyphens/brackets removed; then validated.

    Raises DomainError (field ``document_number``) for an unknown type, characters other
    than A-Z/0-9, a length outside 4..32, or an ID-card number whose check digit is wrong
    (a typo there would silently miss a watch-list match).
    """
    require(doc_type in DOCUMENT_TYPES, "invalid_document_type", "unknown document type", "document_type")
    require(isinstance(number, str), "invalid_document_number", "document number must be text", "document_number")
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", number)).upper()
    require(
        _ALPHANUMERIC.match(text) is not None,
        "invalid_document_number",
        "document number must be 4-32 letters or digits",
        "document_number",
    )
    if doc_type == "id_card":
        require(_is_valid_id_card(text), "invalid_document_number", "ID card number is not valid", "document_number")
    return text


def mask_id_document(doc_type: str, number: str) -> str:
    """The masked form: every character but the last ``KEEP_LAST`` replaced by ``*``.

    Short numbers keep fewer, so that at least ``MIN_MASKED`` characters are always hidden.
    The length is kept: it tells staff the kind of document, not who holds it.
    """
    text = normalise_document_number(doc_type, number)
    kept = max(0, min(KEEP_LAST, len(text) - MIN_MASKED))
    return "*" * (len(text) - kept) + text[len(text) - kept :]


def fingerprint(secret: bytes, doc_type: str, number: str) -> str:
    """HMAC-SHA256 (hex) of ``doc_type:normalised number`` under the service's secret.

    The same document typed with different spacing or case gives the same fingerprint.
    Keep the secret stable: stored fingerprints cannot be recomputed after a change,
    because the full numbers are not kept.
    """
    require(
        isinstance(secret, bytes) and len(secret) >= MIN_SECRET_BYTES,
        "weak_secret",
        f"fingerprint secret must be at least {MIN_SECRET_BYTES} bytes",
        "secret",
    )
    message = f"{doc_type}:{normalise_document_number(doc_type, number)}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def protect_document(secret: bytes, doc_type: str, number: str) -> ProtectedDocument:
    """Masked form and fingerprint together, ready to store in place of the number."""
    return ProtectedDocument(doc_type, mask_id_document(doc_type, number), fingerprint(secret, doc_type, number))


def _is_valid_id_card(text: str) -> bool:
    if _ID_CARD.match(text) is None:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text[:17], _ID_CARD_WEIGHTS, strict=True))
    return _ID_CARD_CHECK[total % 11] == text[17]
