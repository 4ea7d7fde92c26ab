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

    def _loop_job(self, job: PeriodicJob) -> None:
        while not self.stop.wait(job.every_seconds):
            try:
                job.run()
            except Exception:
                log.exception("periodic job failed", extra={"status": job.name})

    def start(self) -> list[threading.Thread]:
        targets = [(self.relay.run_forever, (self.stop,))] if self.relay else []
        targets += [(c.run_forever, (self.stop,)) for c in self.consumers]
        targets += [(self._loop_job, (job,)) for job in self.jobs]
        threads = [threading.Thread(target=t, args=a, daemon=True) for t, a in targets]
        for thread in threads:
            thread.start()
        return threads

    def run(self) -> None:
        """Run until SIGTERM/SIGINT."""
        signal.signal(signal.SIGTERM, lambda *_: self.stop.set())
        signal.signal(signal.SIGINT, lambda *_: self.stop.set())
        threads = self.start()
        log.info("worker started", extra={"status": f"{len(self.consumers)} consumers, {len(self.jobs)} jobs"})
        self.stop.wait()
        for thread in threads:
            thread.join(timeout=5)
