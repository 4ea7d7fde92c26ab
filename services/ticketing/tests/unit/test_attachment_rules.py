"""An attachment's type is read from its bytes; only JPEG, PNG and WebP up to 10 MB are kept."""
import pytest
from ticketing.domain import InvalidInput
from ticketing.domain.attachments import MAX_BYTES, check_attachment, sniff_image_type


@pytest.mark.parametrize("data, expected", [
    (b"\xff\xd8\xff\xe1rest", "image/jpeg"), (b"\x89PNG\r\n\x1a\nrest", "image/png"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"), (b"RIFF\x10\x00\x00\x00WAVEfmt ", None),
    (b"GIF89a", None), (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None), (b"", None)])
def test_the_type_is_the_one_the_bytes_show(data, expected):
    assert sniff_image_type(data) == expected


def test_a_photo_at_the_limit_is_kept_and_one_byte_more_is_refused():
    head = b"\xff\xd8\xff"
    assert check_attachment(head + b"\x00" * (MAX_BYTES - 3), "photo")[1] == "image/jpeg"
    with pytest.raises(InvalidInput) as refused:
        check_attachment(head + b"\x00" * (MAX_BYTES - 2), "photo")
    assert (refused.value.field, refused.value.code) == ("file", "too_large")


def test_a_kind_other_than_photo_or_signature_names_the_field():
    with pytest.raises(InvalidInput) as refused:
        check_attachment(b"\x89PNG\r\n\x1a\n", "video")
    assert refused.value.field == "kind"
