"""The whole platform as local processes, no Docker: used by `make run` and the end-to-end tests.

Every service runs under gunicorn and each worker as its own process, all against the MongoDB
at MONGO_URL (or a SecantusDB started here) and the RabbitMQ at AMQP_URL.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kefulib.testing.processes import ManagedProcess, start_web, start_worker, stop_all, wait_http
from kefulib.testing.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = str(ROOT / "deploy" / "gunicorn.conf.py")
SERVICES = ["identity", "ticketing", "visits", "billing", "webhooks", "notifications", "desk", "renovation"]
WORKERS = ["identity", "ticketing", "visits", "billing", "webhooks", "notifications", "desk", "renovation"]
DEFAULT_PORTS = {"identity": 8001, "ticketing": 8002, "visits": 8003, "billing": 8004, "webhooks": 8005,
                 "notifications": 8006, "desk": 8007, "renovation": 8008}
CONSOLE_PORT = 8010
# Each worker's /metrics (METRICS_PORT); the web apps answer /metrics on their own ports.
DEFAULT_METRICS_PORTS = {service: 9101 + i for i, service in enumerate(WORKERS)}


@dataclass
class LocalPlatform:
    mongo_url: str
    amqp_url: str
    log_dir: Path
    db_prefix: str = "kefu"
    exchange: str = "kefu.events"
    ports: dict = field(default_factory=lambda: dict(DEFAULT_PORTS))
    extra_env: dict = field(default_factory=dict)
    metrics_ports: dict = field(default_factory=lambda: dict(DEFAULT_METRICS_PORTS))
    processes: dict[str, ManagedProcess] = field(default_factory=dict)
    console_port: int = CONSOLE_PORT
    # notifications reads customers' contacts from ticketing as its own HQ client (identity's service-client);
    # on a fresh database that command also creates HQ, whose admin credentials bootstrap() then returns.
    service_client: dict = field(default_factory=dict)
    hq_created: dict = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def env_for(self, service: str) -> dict:
        return {
            "MONGO_URL": self.mongo_url, "MONGO_DB": f"{self.db_prefix}_{service}", "AMQP_URL": self.amqp_url,
            "EVENT_EXCHANGE": self.exchange, "JWKS_URL": self.url("identity") + "/.well-known/jwks.json",
            "JWT_ISSUER": self.url("identity"), "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
            "KEFU_PUBLISH_ON_COMMIT": "1",  # also when started by the tests (whose own process has it off)
            # A developer machine: secrets fall back to public development values (never in production).
            "KEFU_ENV": "development",
            # Locally, integrators' test receivers run on this machine too.
            "WEBHOOKS_ALLOW_PRIVATE_URLS": "true",
            "METRICS_PORT": str(self.metrics_ports.get(service, 0)),
            **self._own_env(service),
            **self.extra_env,
        }

    def _own_env(self, service: str) -> dict:
        if service == "desk":  # move-in calls identity and billing with the clerk's own token
            return {"IDENTITY_URL": self.url("identity"), "BILLING_URL": self.url("billing")}
        if service != "notifications":
            return {}
        return {"IDENTITY_URL": self.url("identity"), "TICKETING_URL": self.url("ticketing"),
                "NOTIFICATIONS_PUBLIC_URL": self.url("notifications"),
                "NOTIFICATIONS_CLIENT_ID": self.service_client.get("client_id", ""),
                "NOTIFICATIONS_CLIENT_SECRET": self.service_client.get("client_secret", "")}

    def _identity_cli(self, *args: str) -> dict:
        output = subprocess.run([sys.executable, "-m", "identity.cli", *args],
                                env={**os.environ, **self.env_for("identity")}, capture_output=True, text=True,
                                check=True)
        return json.loads(output.stdout)

    def start(self) -> LocalPlatform:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        created = self._identity_cli("service-client", "--name", "notifications", "--scope", "ticketing:contact",
                                     "--scope", "identity:households")
        self.hq_created = {k: created.pop(k) for k in ("hq_admin", "staff_app") if k in created}
        self.service_client = created
        for service in SERVICES:  # all booting at once, then each waited for: the slowest's time, not the sum
            self.processes[service] = start_web(service, f"{service}.app:create_app()", self.ports[service],
                                                self.env_for(service), GUNICORN_CONFIG,
                                                str(self.log_dir / f"{service}.log"), wait=False)
        for service in SERVICES:
            wait_http(self.processes[service], "/livez")
        for service in WORKERS:
            self.start_worker(service)
        return self

    def start_worker(self, service: str) -> ManagedProcess:
        name = f"{service}-worker"
        self.processes[name] = start_worker(name, f"{service}.worker", self.env_for(service),
                                            str(self.log_dir / f"{name}.log"))
        return self.processes[name]

    def restart_exited_workers(self) -> list[str]:
        """Restart any worker that has exited, as compose's `restart: unless-stopped` would."""
        exited = [service for service in WORKERS
                  if f"{service}-worker" in self.processes and self.processes[f"{service}-worker"].popen.poll() is not None]
        for service in exited:
            self.start_worker(service)
        return exited

    def bootstrap(self, tenant_code: str = "demo", tenant_name: str = "Demo project") -> dict:
        """A project and its integration client; HQ's admin credentials too the first time (also when HQ was
        created a moment earlier, at start(), for the notifications service's client)."""
        out = self._identity_cli("bootstrap", "--tenant-code", tenant_code, "--tenant-name", tenant_name)
        hq_created, self.hq_created = self.hq_created, {}
        return {**hq_created, **out}

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.console_port}"

    def console_client(self) -> dict:
        """Registers the staff console at identity (authorization code + PKCE), redirecting to this console."""
        return self._identity_cli("console-client", "--redirect-uri", self.console_url + "/auth/callback")

    def start_console(self, client: dict) -> ManagedProcess:
        """The staff console (console/): one process, many threads, because each browser's event stream is
        fed from that process's own queue (several processes would each need the browser's stream)."""
        env = {**self.env_for("console"), "CONSOLE_PUBLIC_URL": self.console_url, "IDENTITY_URL": self.url("identity"),
               "TICKETING_URL": self.url("ticketing"), "VISITS_URL": self.url("visits"), "BILLING_URL": self.url("billing"),
               "NOTIFICATIONS_URL": self.url("notifications"), "DESK_URL": self.url("desk"),
               "RENOVATION_URL": self.url("renovation"),
               "CONSOLE_CLIENT_ID": client["client_id"], "CONSOLE_CLIENT_SECRET": client["client_secret"],
               "WEB_CONCURRENCY": "1", "WEB_THREADS": "32"}
        self.processes["console"] = start_web("console", "console.app:create_app()", self.console_port, env,
                                              GUNICORN_CONFIG, str(self.log_dir / "console.log"))
        wait_http(self.processes["console"], "/readyz")  # listening to the exchange before anyone signs in
        return self.processes["console"]

    def stop(self) -> None:
        stop_all(list(self.processes.values()))


def free_ports() -> dict:
    return {service: free_port() for service in SERVICES}
