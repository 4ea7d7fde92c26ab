"""Photos and the customer's signature on a ticket. The record (who, when, what type, how big, its hash) is an
ordinary tenant-scoped document; the bytes are in a GridFS bucket that no query reaches except through a record of
the same project, so another project's attachment id is simply not found.
"""
from __future__ import annotations

import hashlib
import uuid

from gridfs import GridFSBucket
from kefulib.authn import Principal
from kefulib.problems import NotFound
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain.attachments import check_attachment
from ..store import ATTACHMENT_BLOBS, ATTACHMENTS
from .common import domain_errors, load_ticket, now

PUBLIC_FIELDS = ("_id", "ticket_id", "kind", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")


def _public(record: dict) -> dict:
    return {name: record[name] for name in PUBLIC_FIELDS}


def add_attachment(db: Database, principal: Principal, ticket_id: str, kind: str, data: bytes) -> dict:
    tenant = principal.tenant_id
    load_ticket(db, tenant, ticket_id)  # another project's ticket: 404 before anything is stored
    with domain_errors():
        parsed, content_type = check_attachment(data, kind)
    attachment_id = str(uuid.uuid4())
    # The bytes first: GridFS writes its file document after the last chunk, so a crash mid-upload leaves
    # nothing a record points at; the record is written only once the bytes are all there.
    blob_id = GridFSBucket(db, ATTACHMENT_BLOBS).upload_from_stream(
        attachment_id, data, metadata={"tenant_id": tenant, "ticket_id": ticket_id, "content_type": content_type})
    record = {"_id": attachment_id, "ticket_id": ticket_id, "kind": str(parsed), "content_type": content_type,
              "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "blob_id": blob_id,
              "uploaded_by": principal.actor, "uploaded_at": now()}
    TenantCollection(db[ATTACHMENTS], tenant).insert_one(record)  # in the audit trail, as every write
    return _public(record)


def list_attachments(db: Database, tenant: str, ticket_id: str) -> dict:
    load_ticket(db, tenant, ticket_id)
    records = TenantCollection(db[ATTACHMENTS], tenant).find({"ticket_id": ticket_id}).sort("uploaded_at", 1)
    return {"items": [_public(record) for record in records]}


def read_attachment(db: Database, tenant: str, ticket_id: str, attachment_id: str) -> tuple[bytes, dict]:
    """The bytes and their record; NotFound for another project's, another ticket's or a missing id."""
    record = TenantCollection(db[ATTACHMENTS], tenant).find_one({"_id": attachment_id, "ticket_id": ticket_id})
    if record is None:
        raise NotFound("No such attachment.")
    return GridFSBucket(db, ATTACHMENT_BLOBS).open_download_stream(record["blob_id"]).read(), _public(record)
