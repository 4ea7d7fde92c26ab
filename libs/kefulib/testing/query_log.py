"""The query log of a test run: every command the code sends to MongoDB, with the filter's top-level fields and
the code that sent it, so a test can prove each query names its tenant (and so targets one shard).

Turned on by `KEFU_QUERY_LOG=<file>` (fixtures.py registers the listener before any client exists); each command is
one JSON line. tests/deploy/test_sharding.py runs part of the suite with it on and reads the file.
"""
from __future__ import annotations

import json
import os
import sysconfig
import threading
import traceback

from pymongo import monitoring

SETTING = "KEFU_QUERY_LOG"
# The commands that read or write documents, and where each keeps its filter(s).
FILTERS = {
    "find": lambda c: [c.get("filter") or {}],
    "count": lambda c: [c.get("query") or {}],
    "distinct": lambda c: [c.get("query") or {}],
    "findAndModify": lambda c: [c.get("query") or {}],
    "update": lambda c: [u.get("q") or {} for u in c.get("updates", [])],
    "delete": lambda c: [d.get("q") or {} for d in c.get("deletes", [])],
    "aggregate": lambda c: [(c.get("pipeline") or [{}])[0].get("$match", {}) if c.get("pipeline") else {}],
    "insert": lambda c: list(c.get("documents", [])),
}
_OWN_CODE = ("/services/", "/libs/kefulib/")
_STDLIB = sysconfig.get_paths()["stdlib"]
# Helpers that only run a query a caller built (a list page's cursor is read inside page_of): the caller is named.
_PASS_THROUGH = ("/libs/kefulib/web.py", "/libs/kefulib/paging.py", "/libs/kefulib/claims.py")
_NOT_THE_CODE = ("/tests/", "/kefulib/testing/", "/site-packages/", "/conftest.py")


def tenant_of(filter_: dict):
    """How `filter_` names its tenant: 'one' (equality), 'some' ($in), or None (it does not)."""
    clauses = [filter_, *(c for c in filter_.get("$and", []) if isinstance(c, dict))]
    for clause in clauses:
        if "tenant_id" not in clause:
            continue
        value = clause["tenant_id"]
        if isinstance(value, str) or (isinstance(value, dict) and "$eq" in value):
            return "one"
        if isinstance(value, dict) and "$in" in value:
            return "some"
    return None


def caller() -> str | None:
    """module path:function of the code that sent the command: the innermost frame outside the libraries; None
    when that is a test's own setup or check (its queries are not the platform's)."""
    for frame in reversed(traceback.extract_stack()[:-3]):
        name = frame.filename
        if "/site-packages/" in name or name.startswith(_STDLIB) or name.startswith("<"):
            continue
        if not any(part in name for part in _OWN_CODE) or any(part in name for part in _NOT_THE_CODE):
            return None
        if name.endswith(_PASS_THROUGH):
            continue
        path = name.split("/services/")[-1] if "/services/" in name else "kefulib/" + name.split("/kefulib/")[-1]
        return f"{path}:{frame.name}"
    return None


class QueryLog(monitoring.CommandListener):
    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self._seen: set[tuple] = set()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        extract = FILTERS.get(event.command_name)
        if extract is None or event.database_name in ("admin", "config", "local"):
            return
        collection = event.command.get(event.command_name)
        if not isinstance(collection, str):
            return
        where = caller()
        if where is None:  # a test's own setup or check
            return
        for filter_ in extract(event.command):
            line = (event.database_name.rsplit("_", 1)[-1], collection, event.command_name, where,
                    tenant_of(filter_) if isinstance(filter_, dict) else None)
            with self._lock:
                if line in self._seen:
                    continue
                self._seen.add(line)
                with open(self.path, "a", encoding="utf-8") as out:
                    out.write(json.dumps(dict(zip(("service", "collection", "command", "caller", "tenant"), line,
                                                  strict=True))) + "\n")

    def succeeded(self, event) -> None:
        pass

    def failed(self, event) -> None:
        pass


def install_from_environment() -> None:
    path = os.environ.get(SETTING)
    if path:
        monitoring.register(QueryLog(path))
