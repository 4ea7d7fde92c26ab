"""Real local receivers that misbehave the way hostile or broken integrators' endpoints do."""
from __future__ import annotations

import socket
import threading
import time


class RawReceiver:
    """A TCP server on a free local port; `respond(conn)` plays the receiver's side of one connection."""

    def __init__(self, respond):
        self.respond = respond
        self.connections = 0
        self.requests: list[bytes] = []
        self.release = threading.Event()  # set to let held connections go
        self.closed_at: list[float] = []  # when the sender gave up on (closed) a connection
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        with conn:
            conn.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            self.requests.append(data)
            try:
                self.respond(self, conn)
            except OSError:
                self.closed_at.append(time.monotonic())

    def stop(self):
        self.release.set()
        self.sock.close()


def hang(receiver, conn):
    """Accept the request and answer nothing until released."""
    receiver.release.wait(30)
    conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")


def trickle(receiver, conn):
    """Start an answer and send one more header byte every 0.2 s, for ever: each socket read succeeds."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    while not receiver.release.is_set():
        conn.sendall(b"a")
        time.sleep(0.2)
