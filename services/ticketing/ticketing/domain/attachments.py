"""What may be attached to a ticket: photos of the job and the customer's signature (issue 13, the technician's
phone). Pure: the type is read from the bytes themselves, never from what the client says it sent, so a script or
an HTML page renamed .jpg is refused, and an attachment is served back only with the type it really has.
"""
from __future__ import annotations

from enum import StrEnum

from .errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024  # a phone photo at full size fits; a video does not


class AttachmentKind(StrEnum):
    PHOTO = "photo"          # 现场照片: before, during, after
    SIGNATURE = "signature"  # 业户验收签字, drawn on the technician's screen


# The magic numbers of the three formats a phone camera or a canvas produces.
def sniff_image_type(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_attachment(data: bytes, kind: str) -> tuple[AttachmentKind, str]:
    """The attachment's kind and real content type, or InvalidInput naming what is wrong."""
    try:
        parsed = AttachmentKind(kind)
    except ValueError:
        raise InvalidInput("kind", "must be photo or signature") from None
    if not data:
        raise InvalidInput("file", "is empty")
    if len(data) > MAX_BYTES:
        raise InvalidInput("file", f"is larger than {MAX_BYTES // (1024 * 1024)} MB", code="too_large")
    content_type = sniff_image_type(data)
    if content_type is None:
        raise InvalidInput("file", "is not a JPEG, PNG or WebP image", code="unsupported_type")
    return parsed, content_type
