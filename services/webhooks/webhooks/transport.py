"""Outbound HTTP for deliveries: connect to exactly the address that was checked, within a hard deadline.

Why not `requests.post(url)`: it resolves the host name again when it connects, so a name that passed the
address check could by then point at 127.0.0.1 (DNS rebinding). Here the connection goes to the checked IP
and the name is used only where it belongs: the Host header, TLS SNI and certificate verification. This is
urllib3's documented "custom SNI hostname" setup (connect to an IP, `server_hostname` = the name; urllib3
and OpenSSL then verify the certificate against `server_hostname`). Redirects are never followed.

Why a watchdog: socket timeouts apply to each read, so a receiver trickling one byte every few seconds would
hold a sender thread indefinitely. A timer shuts the socket down when the attempt's deadline passes.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import threading

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from .domain import PinnedTarget, ResolutionFailed


class AttemptFailed(Exception):
    """The delivery did not get an HTTP answer; the message is what the delivery log shows."""


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver answers for `host` (the resolver given to domain.targets)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
        raise ResolutionFailed(str(exc)) from None
    return [info[4][0] for info in infos]


class _Deadline:
    """Shuts down every socket of one attempt when its time is up, from a timer thread."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        # A duplicate of the descriptor: TLS wrapping detaches the original socket object, but shutdown()
        # on any descriptor of the socket ends reads blocked on the others (plain or TLS).
        with self._lock:
            if self.expired:
                _shutdown(sock)
            else:
                self._sockets.append(sock.dup())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the other side


class _WatchedHTTPConnection(HTTPConnection):
    deadline: _Deadline

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self.deadline.watch(sock)
        return sock


class _WatchedHTTPSConnection(HTTPSConnection):
    deadline: _Deadline

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self.deadline.watch(sock)
        return sock


def post(pinned: PinnedTarget, body: bytes, headers: dict, *, deadline_seconds: float,
         ca_certs: str | None = None) -> int:
    """POST `body` to the pinned address and return the HTTP status; AttemptFailed when there is none."""
    target = pinned.target
    deadline = _Deadline(deadline_seconds)
    timeout = deadline_seconds  # per connect and per read; the watchdog bounds the whole attempt
    if target.scheme == "https":
        conn = _WatchedHTTPSConnection(pinned.address, target.port, timeout=timeout, server_hostname=target.host,
                                       cert_reqs="CERT_REQUIRED", ca_certs=ca_certs or certifi.where())
    else:
        conn = _WatchedHTTPConnection(pinned.address, target.port, timeout=timeout)
    conn.deadline = deadline
    deadline.start()
    try:
        conn.request("POST", target.path, body=body, preload_content=False,
                     headers={**headers, "Host": target.host_header, "Connection": "close"})
        response = conn.getresponse()
        status = response.status  # the body is never read: only the status counts
        if deadline.expired:
            # Cut off mid-headers, http.client can still parse what arrived into a plausible "200".
            raise AttemptFailed(f"no answer within {deadline_seconds:g} s")
        return status
    except (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError, ValueError) as exc:
        if deadline.expired:
            raise AttemptFailed(f"no answer within {deadline_seconds:g} s") from None
        if isinstance(exc, ssl.SSLCertVerificationError):
            raise AttemptFailed("TLS certificate verification failed") from None
        raise AttemptFailed(exc.__class__.__name__) from None
    finally:
        deadline.close()
        conn.close()
