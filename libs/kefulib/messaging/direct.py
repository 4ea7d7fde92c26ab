"""Publish on commit: the process that committed an event publishes it right away and marks its outbox row
published, so a consumer hears of a change within milliseconds and the relay need not poll hard.

The outbox row is still written in the change's transaction and stays `pending` until the broker confirms
the message: if this process cannot publish (broker away, the process dies between commit and publish), the
relay publishes the row later. At-least-once, as before; consumers' inboxes make a repeat harmless.

The publishing is done by one background thread per process, not by the request that committed: the request
answers as soon as its transaction commits, without waiting for the broker's confirm nor for the write that
marks the row (issue 18 measured those at a third of a create's time under load, the threads queueing for the
process's one channel). The thread takes every row waiting when it wakes, publishes them in commit order, and
marks them in one indexed update per project. Rows the thread has not reached when the process dies are the
relay's after its grace.

Turned on per process by `install(settings)` (create_service_app and build_service_worker call it) when
`KEFU_PUBLISH_ON_COMMIT` is on — the default. The in-process tests turn it off (root conftest) so that they
drive the relay themselves; the platform's processes in the end-to-end tests and `make run` have it on.
"""
from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
import time
from datetime import UTC, datetime

from pika.exceptions import AMQPError
from pymongo.database import Database
from pymongo.errors import PyMongoError

from .. import tracing
from . import outbox
from .outbox import OUTBOX
from .topology import Topology, close_quietly, message_of, open_channel

log = logging.getLogger(__name__)

SETTING = "KEFU_PUBLISH_ON_COMMIT"


def enabled() -> bool:
    return os.environ.get(SETTING, "1").strip().lower() not in ("0", "false", "no", "off")


BATCH = 200  # rows one wake-up publishes and marks at most (one update per project of them)
FLUSH_ON_EXIT_SECONDS = 3.0
HEARTBEAT_SERVICE_SECONDS = 10.0  # well inside the channel's 30 s heartbeat


class DirectPublisher:
    """Rows handed over by committed transactions, published by this process's background thread on its own
    confirmed channel (pika is not thread-safe: only that thread touches it)."""

    def __init__(self, amqp_url: str, topology: Topology):
        self.amqp_url, self.topology = amqp_url, topology
        self._waiting: queue.Queue = queue.Queue()
        self._lock = threading.Lock()  # guards starting the thread, not the channel
        self._connection = self._channel = None
        self._thread: threading.Thread | None = None
        self._pid = None

    def publish_committed(self, db: Database, docs: list[dict]) -> None:
        """Called right after a commit with the rows it made; never blocks nor fails the committing request."""
        self._ensure_thread()
        for doc in docs:
            self._waiting.put((db, doc))

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every row handed over so far is published (or left to the relay); True if it was in time."""
        deadline = time.monotonic() + timeout
        while self._waiting.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def _ensure_thread(self) -> None:
        # A forked worker (gunicorn) inherits neither the parent's thread nor may it use the parent's socket.
        if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._pid != os.getpid():
                self._waiting, self._connection, self._channel = queue.Queue(), None, None
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="publish-on-commit", daemon=True)
                self._thread.start()
                atexit.register(self.flush, FLUSH_ON_EXIT_SECONDS)

    def _run(self) -> None:
        while True:
            try:
                batch = [self._waiting.get(timeout=HEARTBEAT_SERVICE_SECONDS)]
            except queue.Empty:
                self._keep_alive()
                continue
            while len(batch) < BATCH:
                try:
                    batch.append(self._waiting.get_nowait())
                except queue.Empty:
                    break
            try:
                self._mark(self._publish(batch))
            except Exception:  # noqa: BLE001 - the thread must outlive any one batch; the relay has the rows
                log.exception("publish on commit failed; the relay will publish")
            finally:
                for _ in batch:
                    self._waiting.task_done()

    def _channel_for_thread(self):
        if self._channel is None or self._channel.is_closed:
            self._connection, self._channel = open_channel(self.amqp_url, confirms=True)
            self.topology.declare_exchange(self._channel)
        return self._channel

    def _keep_alive(self) -> None:
        """An idle channel still answers the broker's heartbeats (pika's blocking connection does so only when
        called), so the next commit does not find it closed."""
        if self._channel is None:
            return
        try:
            self._connection.process_data_events(0)
        except AMQPError:
            self._drop_channel()

    def _drop_channel(self) -> None:
        close_quietly(self._connection)
        self._connection = self._channel = None

    def _publish(self, batch: list[tuple[Database, dict]]) -> list[tuple[Database, dict]]:
        """Publish in commit order until the broker fails twice running (a channel the broker closed is opened
        again once); returns the rows it confirmed. The rest stay pending for the relay."""
        confirmed, failed_before = [], False
        for db, doc in batch:
            while True:
                try:
                    with tracing.publishing(doc) as trace_headers:
                        self._channel_for_thread().basic_publish(self.topology.exchange,
                                                                 *message_of(doc, trace_headers))
                    break
                except AMQPError as error:
                    self._drop_channel()
                    if failed_before:
                        log.warning("publish on commit failed; the relay will publish", extra={
                            "event_id": doc["_id"], "error": type(error).__name__})
                        return confirmed
                    failed_before = True
            confirmed.append((db, doc))
        return confirmed

    @staticmethod
    def _mark(confirmed: list[tuple[Database, dict]]) -> None:
        """One update per database and project: a range of `_id`s on the primary index, within one shard."""
        groups: dict[tuple[str, str], tuple[Database, list[str]]] = {}
        for db, doc in confirmed:
            groups.setdefault((db.name, doc["tenant_id"]), (db, []))[1].append(doc["_id"])
        for (_, tenant_id), (db, ids) in groups.items():
            try:
                db[OUTBOX].update_many({"_id": {"$in": ids}, "tenant_id": tenant_id, "status": "pending"}, {
                    "$set": {"status": "published", "published_at": datetime.now(UTC)}})
            except PyMongoError as error:  # published but not marked: the relay publishes them once more
                log.warning("published on commit but not marked", extra={
                    "record_id": ids[0], "error": type(error).__name__})


_installed: DirectPublisher | None = None


def flush(timeout: float = 5.0) -> bool:
    """Wait for this process's publish-on-commit thread to catch up (tests; process exit)."""
    return _installed.flush(timeout) if _installed is not None else True


def install(amqp_url: str, topology: Topology) -> None:
    """Publish on commit in this process (if the setting allows); else the relay publishes everything."""
    global _installed
    _installed = DirectPublisher(amqp_url, topology) if enabled() else None
    outbox.use_publisher(_installed)
