"""What the bench reads of processes from /proc: trees, CPU time, resident memory, and the servers' pids."""
from __future__ import annotations

import os
from pathlib import Path


def _stat_fields(pid: int) -> list[str]:
    # The command name in parentheses may hold spaces; everything after its closing ")" is space-separated.
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def process_tree(roots: list[int]) -> list[int]:
    """The given pids and all their descendants (gunicorn workers), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            parents.setdefault(int(_stat_fields(int(entry.name))[1]), []).append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return round(int(status.split("VmRSS:")[1].split()[0]) / 1024, 1)


def children_rss_mb(pid: int) -> list[float]:
    """RSS of a gunicorn master's workers (what serves requests), in MB."""
    return [rss_mb(child) for child in process_tree([pid]) if child != pid]


def pids_running(*needles: str) -> list[int]:
    """Processes whose command line holds every needle (the database server by its port, the broker's VM)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if all(needle in cmdline for needle in needles):
            found.append(int(entry.name))
    return found
