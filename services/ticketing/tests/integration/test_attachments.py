"""A ticket's photos and the customer's signature (the technician's phone, issue 13): stored in GridFS, typed by
their bytes, at most 10 MB, served back only to the same project and only as the image they are."""
import struct
import zlib

import pytest

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
WEBP = b"RIFF" + struct.pack("<I", 20) + b"WEBPVP8 " + b"\x00" * 12


def png(width=2, height=1) -> bytes:
    """A real PNG, as a canvas signature pad produces it."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def technician(as_):
    return as_("p1", "tech-1", "technician")


@pytest.fixture
def ticket(client, as_):
    created = client.post("/tickets", headers=as_("p1", "cs-1", "cs_assistant"), json={"kind": "repair", "title": "漏水"})
    return created.get_json()["id"]


def upload(client, headers, ticket_id, data, kind="photo", content_type="image/jpeg"):
    return client.post(f"/tickets/{ticket_id}/attachments?kind={kind}", data=data,
                       headers={**headers, "Content-Type": content_type})


def test_a_photo_and_a_signature_are_stored_listed_and_served_back_as_what_they_are(client, db, technician, ticket):
    photo = upload(client, technician, ticket, JPEG)
    assert photo.status_code == 201, photo.get_json()
    signature = upload(client, technician, ticket, png(), kind="signature", content_type="image/png")
    assert signature.status_code == 201
    listed = client.get(f"/tickets/{ticket}/attachments", headers=technician).get_json()["items"]
    assert [(a["kind"], a["content_type"], a["uploaded_by"]) for a in listed] == [
        ("photo", "image/jpeg", "tech-1"), ("signature", "image/png", "tech-1")]
    served = client.get(f"/tickets/{ticket}/attachments/{signature.get_json()['id']}", headers=technician)
    assert served.status_code == 200 and served.data == png()
    assert served.headers["Content-Type"] == "image/png" and served.headers["X-Content-Type-Options"] == "nosniff"
    assert db["ticket_attachment_blobs.files"].count_documents({}) == 2


def test_the_type_comes_from_the_bytes_not_from_the_header(client, technician, ticket):
    webp = upload(client, technician, ticket, WEBP, content_type="image/jpeg")
    assert webp.status_code == 201 and webp.get_json()["content_type"] == "image/webp"


@pytest.mark.parametrize("data, code", [
    (b"<html><script>alert(1)</script></html>", "unsupported_type"), (b"GIF89a" + b"\x00" * 20, "unsupported_type"),
    (b"", "invalid"), (b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024), None)])
def test_anything_but_an_image_of_at_most_10_mb_is_refused_and_nothing_is_stored(client, db, technician, ticket, data,
                                                                               code):
    answer = upload(client, technician, ticket, data)
    if code is None:  # over the limit: refused by the web layer before the handler reads it
        assert answer.status_code == 413
    else:
        assert answer.status_code == 422 and "file" in answer.get_json()["errors"]
        assert answer.get_json()["reason_code"] == code
    assert db["ticket_attachments"].count_documents({}) == 0
    assert db["ticket_attachment_blobs.files"].count_documents({}) == 0


def test_a_bad_kind_names_the_field(client, technician, ticket):
    answer = upload(client, technician, ticket, JPEG, kind="video")
    assert answer.status_code == 422 and "kind" in str(answer.get_json()["errors"])


def test_another_projects_ticket_and_attachment_look_missing(client, db, as_, technician, ticket):
    stored = upload(client, technician, ticket, JPEG).get_json()
    stranger = as_("p2", "tech-9", "technician")
    assert upload(client, stranger, ticket, JPEG).status_code == 404
    assert client.get(f"/tickets/{ticket}/attachments", headers=stranger).status_code == 404
    served = client.get(f"/tickets/{ticket}/attachments/{stored['id']}", headers=stranger)
    missing = client.get(f"/tickets/{ticket}/attachments/00000000-0000-0000-0000-000000000000", headers=stranger)
    assert served.status_code == missing.status_code == 404 and served.get_json()["title"] == missing.get_json()["title"]
    assert db["ticket_attachments"].count_documents({}) == 1


def test_a_retried_upload_with_its_key_stores_one_attachment(client, db, technician, ticket):
    headers = {**technician, "Idempotency-Key": "upload-1"}
    first, again = upload(client, headers, ticket, JPEG), upload(client, headers, ticket, JPEG)
    assert first.get_json()["id"] == again.get_json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert db["ticket_attachments"].count_documents({}) == 1
