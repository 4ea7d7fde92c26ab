"""gzip for what the console sends: the built web app's assets (compressed once per file, kept in memory: their names
carry a content hash, so a name's bytes never change) and JSON answers (compressed as they go). The event stream,
images and exports are left alone: the stream must flush each event as it comes, and the others are compressed
already or downloaded as files."""
from __future__ import annotations

import gzip
import threading
from pathlib import Path

from flask import Response, request

# Text the browser reads; images (JPEG/PNG/WebP) and XLSX are zip or image codecs already.
COMPRESSIBLE = frozenset({"application/javascript", "text/javascript", "text/css", "text/html", "application/json",
                          "application/problem+json", "image/svg+xml"})
MIN_BYTES = 1024  # below a packet, gzip's header and the CPU buy nothing
ASSET_LEVEL = 9  # once per file: the smallest download is worth the one-off CPU
JSON_LEVEL = 5  # per answer: a 200-ticket page (~250 KB) in a few ms


def accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


class AssetCache:
    """Each asset's gzip bytes, made on its first request and kept for the process's life, keyed by path, size and
    modification time (a rebuild while running serves the new file)."""

    def __init__(self):
        self._lock, self._compressed = threading.Lock(), {}

    def gzipped(self, path: Path) -> bytes:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            found = self._compressed.get(key)
        if found is None:
            found = gzip.compress(path.read_bytes(), ASSET_LEVEL, mtime=0)
            with self._lock:
                self._compressed[key] = found
        return found


def compress_answer(response: Response) -> Response:
    """after_request: gzip a buffered JSON (or other text) answer when the browser accepts it."""
    if (response.status_code < 200 or response.status_code == 204 or response.direct_passthrough
            or response.is_streamed or "Content-Encoding" in response.headers
            or response.mimetype not in COMPRESSIBLE):
        return response
    response.vary.add("Accept-Encoding")
    if not accepts_gzip():
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, JSON_LEVEL, mtime=0))
    # An ETag stays as the service sent it: the web app sends it back in If-Match, as the service's version.
    response.headers["Content-Encoding"] = "gzip"
    return response
