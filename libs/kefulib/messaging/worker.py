"""Runs a service's background work: its outbox relay, its consumers and its periodic jobs."""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from .consumer import Consumer
from .relay import OutboxRelay

log = logging.getLogger(__name__)


@dataclass
class PeriodicJob:
    name: str
    every_seconds: float
    run: Callable[[], object]


@dataclass
class Worker:
    relay: OutboxRelay | None = None
    consumers: list[Consumer] = field(default_factory=list)
    jobs: list[PeriodicJob] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    failed: list[str] = field(default_factory=list)
    db: object | None = None  # the service's database, for the metrics read at scrape time

    def _supervised(self, name: str, target: Callable, *args) -> None:
        """Run one loop; if it ends by an exception, stop the whole worker so that its supervisor
        (compose, Kubernetes, `make run`) restarts it rather than leaving a process that looks alive."""
        try:
            target(*args)
        except BaseException:
            log.critical("worker loop died; stopping the worker", exc_info=True, extra={"loop": name})
            self.failed.append(name)
            self.stop.set()

    def _loop_job(self, job: PeriodicJob) -> None:
        while not self.stop.wait(job.every_seconds):
            try:
                job.run()
            except Exception:
                log.exception("periodic job failed", extra={"job": job.name})

    def start(self) -> list[threading.Thread]:
        targets = [("outbox-relay", self.relay.run_forever, self.stop)] if self.relay else []
        targets += [(f"consumer {c.name}", c.run_forever, self.stop) for c in self.consumers]
        targets += [(f"job {job.name}", self._loop_job, job) for job in self.jobs]
        threads = [threading.Thread(target=self._supervised, args=t, name=t[0], daemon=True) for t in targets]
        for thread in threads:
            thread.start()
        return threads

    def serve(self) -> int:
        """Run until `stop` is set; returns the exit status, 1 when one of the loops died."""
        threads = self.start()
        log.info(f"worker started: {len(self.consumers)} consumers, {len(self.jobs)} jobs")
        self.stop.wait()
        for thread in threads:
            thread.join(timeout=5)
        return 1 if self.failed else 0

    def run(self) -> None:
        """Run until SIGTERM/SIGINT, then exit with `serve`'s status."""
        signal.signal(signal.SIGTERM, lambda *_: self.stop.set())
        signal.signal(signal.SIGINT, lambda *_: self.stop.set())
        raise SystemExit(self.serve())
