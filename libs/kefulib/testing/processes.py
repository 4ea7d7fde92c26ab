"""Start service processes (gunicorn web apps and workers) and wait until they answer."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

import requests


@dataclass
class ManagedProcess:
    name: str
    popen: subprocess.Popen
    log_path: str
    url: str | None = None
    env: dict = field(default_factory=dict)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the process's log, to say why it did not come up."""
        try:
            return "\n".join(open(self.log_path, encoding="utf-8", errors="replace").read().splitlines()[-lines:])
        except OSError as error:
            return f"(no log at {self.log_path}: {error})"

    def stop(self, sig=signal.SIGTERM, timeout: float = 10) -> None:
        self.signal(sig)
        self.wait_stopped(timeout)

    def signal(self, sig=signal.SIGTERM) -> None:
        """Sends `sig` to the process group (gunicorn's workers, a worker's threads' children) if it still runs."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)

    def wait_stopped(self, timeout: float = 10) -> None:
        """Waits for the exit a signal asked for; past `timeout`, kills the group."""
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


def stop_all(processes: list[ManagedProcess], timeout: float = 10) -> None:
    """Stops them all at once: each drains in parallel, so a platform stops in its slowest process's time, not
    the sum (seventeen processes took 17 s one after another)."""
    for process in processes:
        process.signal()
    for process in processes:
        process.wait_stopped(timeout)

    def log_tail(self, lines: int = 30) -> str:
        with open(self.log_path, errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])


def _spawn(name: str, argv: list[str], env: dict, log_path: str) -> subprocess.Popen:
    log = open(log_path, "ab")
    return subprocess.Popen(argv, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def start_web(name: str, app_spec: str, port: int, env: dict, gunicorn_config: str, log_path: str,
              wait: bool = True) -> ManagedProcess:
    """A gunicorn app; with `wait`, once it answers /livez (else the caller waits, having started others meanwhile)."""
    argv = [sys.executable, "-m", "gunicorn", "-c", gunicorn_config, "--bind", f"127.0.0.1:{port}", app_spec]
    process = ManagedProcess(name, _spawn(name, argv, env, log_path), log_path, f"http://127.0.0.1:{port}", env)
    if wait:
        wait_http(process, "/livez")
    return process


def start_worker(name: str, module: str, env: dict, log_path: str) -> ManagedProcess:
    return ManagedProcess(name, _spawn(name, [sys.executable, "-m", module], env, log_path), log_path, None, env)


def wait_http(process: ManagedProcess, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited early:\n{process.log_tail()}")
        try:
            if requests.get(process.url + path, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{process.name} did not answer {path} in {timeout}s:\n{process.log_tail()}")


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.3):
    """Poll `predicate` until it returns something truthy or `timeout` seconds pass; its last answer either way
    (the end-to-end tests wait on effects that cross services through the broker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()
