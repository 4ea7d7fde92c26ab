"""A real threaded HTTP server on 127.0.0.1 that a fake provider answers from, with the bookkeeping
every fake shares: what it accepted, and the faults it was told to answer the next requests with."""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kefulib.testing.servers import free_port


@dataclass(frozen=True)
class FakeRequest:
    method: str
    path: str            # without the query string
    query: str           # the raw query string, as sent
    headers: dict[str, str]  # names lower-cased
    body: bytes


@dataclass(frozen=True)
class Fault:
    """Answer one request with this error instead of handling it (after the request was checked)."""
    code: str | int
    message: str
    http_status: int = 200
    extra: dict = field(default_factory=dict)


class FakeProviderServer:
    """Start/stop as a context manager; ``url`` is where the adapter should point its endpoint."""

    def __init__(self):
        self.received: list = []          # the accepted messages (each fake's own record type)
        self.accepted_at: list[float] = []  # wall-clock time (time.time()) each was accepted, for benchmarks
        self.requests: list[FakeRequest] = []  # every request that reached the server, accepted or not
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- what a test tells the fake -------------------------------------------------------------
    def fail_next(self, count: int, code: str | int, message: str = "", http_status: int = 200, **extra) -> None:
        with self._lock:
            self._faults.extend([Fault(code, message, http_status, extra)] * count)

    def throttle_next(self, count: int = 1) -> None:
        raise NotImplementedError

    # --- what a fake implements -----------------------------------------------------------------
    def handle(self, request: FakeRequest) -> tuple[int, dict]:
        raise NotImplementedError

    def take_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def accept(self, record) -> int:
        """Records an accepted message and answers its 1-based sequence number (for provider ids)."""
        with self._lock:
            self.received.append(record)
            self.accepted_at.append(time.time())
            return len(self.received)

    # --- the server -----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", free_port()), _handler_for(self))
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits for it, and every test stops a server.
        threading.Thread(target=self._server.serve_forever, args=(0.05,), name=type(self).__name__, daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _dispatch(self, request: FakeRequest) -> tuple[int, dict]:
        with self._lock:
            self.requests.append(request)
        return self.handle(request)


def _handler_for(fake: FakeProviderServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self._answer()

        def do_POST(self):
            self._answer()

        def _answer(self):
            path, _, query = self.path.partition("?")
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, answer = fake._dispatch(FakeRequest(self.command, path, query, headers, body))
            payload = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):  # keep test output clean
            pass

    return Handler
