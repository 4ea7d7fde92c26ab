"""Finding or starting the real servers tests and `make run` talk to.

MONGO_URL wins when set. Otherwise a Docker engine, if present, runs MongoDB 7 via
testcontainers; failing that a local SecantusDB (a MongoDB-wire-compatible server) is started
on a free port and reached over TCP like any MongoDB.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from pymongo import MongoClient

SECANTUS_PIN = "0.7.0b3"


@dataclass
class MongoServer:
    url: str
    engine: str
    version: str
    _stop: object = None
    _crash_and_restart: object = None

    def stop(self) -> None:
        if callable(self._stop):
            self._stop()

    @property
    def can_crash(self) -> bool:
        return callable(self._crash_and_restart)

    def crash_and_restart(self, down_seconds: float = 2.0, *, hard: bool = True) -> None:
        """Stop the server (kill -9 when `hard`, else a clean shutdown), wait, and start it again on
        the same port and storage (fault tests)."""
        self._crash_and_restart(down_seconds, hard)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_mongo(url: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            client = MongoClient(url, serverSelectionTimeoutMS=500)
            version = client.server_info().get("version", "?")
            client.close()
            return version
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


STOP_TIMEOUT_SECONDS = 60


def start_secantus(storage_dir: str | None = None, port: int | None = None, log_path: str | None = None) -> MongoServer:
    port = port or free_port()
    owned_dir = storage_dir is None
    storage_dir = storage_dir or tempfile.mkdtemp(prefix="kefu-secantus-")
    log_file = open(log_path or os.path.join(storage_dir, "server.log"), "ab")
    argv = [sys.executable, "-m", "secantus", "--host", "127.0.0.1", "--port", str(port), "--storage-path", storage_dir]
    state = {"process": subprocess.Popen(argv, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)}
    url = f"mongodb://127.0.0.1:{port}/?directConnection=true"
    version = wait_for_mongo(url)

    def stop():
        process = state["process"]
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log_file.close()
        if owned_dir:
            shutil.rmtree(storage_dir, ignore_errors=True)

    def crash_and_restart(down_seconds: float, hard: bool):
        if hard:
            state["process"].kill()
        else:
            state["process"].terminate()
        try:
            state["process"].wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            # Fail the fault test loudly rather than hang CI: a shutdown the server ignored is no shutdown.
            state["process"].kill()
            state["process"].wait()
            raise RuntimeError(f"the database server did not stop within {STOP_TIMEOUT_SECONDS} s of SIGTERM") from None
        time.sleep(down_seconds)
        state["process"] = subprocess.Popen(argv, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_mongo(url)

    return MongoServer(url, f"SecantusDB {SECANTUS_PIN} (MongoDB wire)", version, stop, crash_and_restart)


def _docker_available() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


def start_mongo_container() -> MongoServer:
    from testcontainers.mongodb import MongoDbContainer

    container = MongoDbContainer("mongo:7").with_command("--replSet rs0 --bind_ip_all")
    container.start()
    host, port = container.get_container_host_ip(), container.get_exposed_port(27017)
    MongoClient(f"mongodb://{host}:{port}/?directConnection=true").admin.command(
        "replSetInitiate", {"_id": "rs0", "members": [{"_id": 0, "host": f"localhost:{27017}"}]})
    url = f"mongodb://{host}:{port}/?directConnection=true"
    return MongoServer(url, "MongoDB (testcontainers)", wait_for_mongo(url), container.stop)


def find_or_start_mongo() -> MongoServer:
    url = os.environ.get("MONGO_URL")
    if url:
        return MongoServer(url, "MongoDB at MONGO_URL", wait_for_mongo(url))
    if _docker_available():
        return start_mongo_container()
    return start_secantus()
