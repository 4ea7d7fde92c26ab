"""XLSX exports of the HQ dashboard's tables, as background jobs (issue 17 item 6: no row cap, streamed).

POST /api/exports {table, params} answers a job id at once; a thread pages through the owning service with the
person's own token (so the service's own rules decide what is in it), writes each page to an openpyxl
write-only workbook (rows go to disk as they come: memory stays flat whatever the row count) and pushes its
progress to the person's own event streams (`console.export.progress`, addressed by `recipient` like inbox
events). GET /api/exports/<id> hands the file over to the person who asked, and to nobody else.

The job's record is kept in the console's database and the file in `CONSOLE_EXPORT_DIR` (default the system's temp
dir). The console runs as one process with many threads (each browser's event stream is fed from that process's own
queue), so the process that runs the job is the one whose streams hear its progress.
"""
from __future__ import annotations

import logging
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
from openpyxl import Workbook

from . import identity_client

log = logging.getLogger(__name__)
EXPORTS = "exports"
PAGE_SIZE = 200  # the services' largest page
PROGRESS_SECONDS = 0.5  # at most two progress events a second, whatever the page rate
TIMEOUT = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    """One exportable table: where its rows come from and how a row becomes cells."""
    service: str
    path: str
    headers: list[str]
    params: tuple[str, ...]  # the query parameters the browser may set
    pages: Callable  # (fetch, params) -> iterator of pages: (items, total or None)
    cells: Callable  # (item, zone) -> list


def _local(value: str | None, zone: ZoneInfo) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _cursor_pages(fetch, params) -> Iterator[tuple[list, int | None]]:
    """A newest-first list followed by its `next_cursor` (page 10,000 costs what page 1 costs), one project at a
    time when several are asked: each is then a range on ticketing's (project, received) index, where a list over
    several projects at once would be merged from all of them on every page (the progress then counts rows only)."""
    projects = params.get("project")
    if isinstance(projects, list) and len(projects) > 1:
        for project in projects:
            for items, _total in _cursor_pages(fetch, {**params, "project": project}):
                yield items, None
        return
    query = {**params, "page_size": PAGE_SIZE, "with_total": "true"}
    while True:
        page = fetch(query)
        yield page["items"], page.get("total")
        if not page.get("next_cursor"):
            return
        query = {**params, "page_size": PAGE_SIZE, "cursor": page["next_cursor"]}


def _figure_pages(fetch, params) -> Iterator[tuple[list, int | None]]:
    """The report's groups (project, month, kind) as MongoDB computed them: one read, one row per group."""
    body = fetch(params)
    rows = [{"project": p["project"], "month": m["month"], **k}
            for p in body["projects"] for m in p["months"] for k in m["kinds"]]
    yield rows, len(rows)


def _revenue_pages(fetch, params) -> Iterator[tuple[list, int | None]]:
    projects = params.get("projects")
    if isinstance(projects, list):  # billing takes its projects comma-separated; none chosen means all
        params = {k: v for k, v in params.items() if k != "projects"}
        if projects:
            params["projects"] = ",".join(projects)
    body = fetch(params)
    rows = [row for month in body["months"] for row in month["projects"]]
    yield rows, len(rows)


def _percent(value):
    return round(value * 100, 1) if value is not None else None


def _yuan(fen):
    return round(fen / 100, 2) if fen is not None else None


TABLES: dict[str, Table] = {
    "tickets": Table(
        "ticketing", "hq/tickets", ["项目", "工单号", "受理时间", "类别", "标题", "状态", "回电", "解决时间"],
        ("project", "month", "kind"), _cursor_pages,
        lambda t, zone: [t.get("project"), t.get("id"), _local(t.get("created_at"), zone), t.get("domain_kind"),
                         t.get("title"), t.get("status"), t.get("callback_phone"), _local(t.get("resolved_at"), zone)]),
    "figures": Table(
        "ticketing", "hq/reports/months",
        ["项目", "月份", "类别", "工单量", "时限达标率(%)", "平均解决时长(小时)", "重复投诉", "回访满意度", "回访数"],
        ("from", "to", "project"), _figure_pages,
        lambda r, _zone: [r["project"], r["month"], r["kind"], r["volume"], _percent(r.get("sla_compliance")),
                          r.get("mean_hours_to_resolve"), r["repeat_complaints"], r.get("satisfaction_average"),
                          r.get("satisfaction_count")]),
    "revenue": Table(
        "billing", "hq/revenue", ["项目", "月份", "应收(元)", "冲减(元)", "收入(元)", "实收(元)", "退款(元)", "净实收(元)"],
        ("from", "to", "projects"), _revenue_pages,
        lambda r, _zone: [r["project_id"], r["month"], _yuan(r["charged_fen"]), _yuan(r["credited_fen"]),
                          _yuan(r["revenue_fen"]), _yuan(r["collected_fen"]), _yuan(r["refunded_fen"]),
                          _yuan(r["net_collected_fen"])]),
}


def clean_params(table: Table, params) -> dict | None:
    """Only the table's own parameters, as strings or lists of strings; None when anything else is sent."""
    if not isinstance(params, dict) or set(params) - set(table.params):
        return None
    out = {}
    for name, value in params.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) and 0 < len(v) <= 64 for v in values) or len(values) > 200:
            return None
        out[name] = value
    return out


class ExportJobs:
    """The jobs' records (collection `exports`) and the threads that fill them."""

    def __init__(self, db, settings, sessions, hub, directory: Path | None = None):
        self.collection = db[EXPORTS]
        self.settings, self.sessions, self.hub = settings, sessions, hub
        self.directory = Path(directory or Path(tempfile.gettempdir()) / "kefu-console-exports")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.collection.create_index("created_at", expireAfterSeconds=24 * 3600)  # files are fetched once, soon

    def start(self, session: dict, sid: str, table_name: str, params: dict) -> dict:
        job = {"_id": uuid.uuid4().hex, "person_id": session["person_id"], "tenant_id": session["tenant_id"],
               "table": table_name, "params": params, "status": "running", "rows": 0, "total": None,
               "created_at": datetime.now(UTC)}
        self.collection.insert_one(job)
        threading.Thread(target=self.run, args=(job, sid, session.get("timezone") or "Asia/Shanghai"),
                         name=f"export-{job['_id'][:8]}", daemon=True).start()
        return present(job)

    def get(self, export_id: str, person_id: str) -> dict | None:
        job = self.collection.find_one({"_id": export_id})
        return job if job is not None and job["person_id"] == person_id else None

    def path(self, job: dict) -> Path:
        return self.directory / f"{job['_id']}.xlsx"

    def run(self, job: dict, sid: str, zone: str) -> None:
        """The job itself (start() runs it in its own thread): every page to the workbook, then the file."""
        table = TABLES[job["table"]]
        rows, last_push = 0, 0.0
        try:
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(job["table"])
            sheet.append(table.headers)
            for items, total in table.pages(lambda query: self._fetch(sid, table, query), job["params"]):
                for item in items:
                    sheet.append(table.cells(item, ZoneInfo(zone)))
                rows += len(items)
                job.update(rows=rows, total=total if total is not None else job["total"])
                if time.monotonic() - last_push >= PROGRESS_SECONDS:
                    last_push = time.monotonic()
                    self._progress(job)
            workbook.save(self.path(job))
            job.update(status="done", total=rows)
        except Exception as error:  # the person is told; the console keeps serving
            log.warning("export failed", extra={"error": str(error)})
            job.update(status="failed", error=str(error)[:200])
        self.collection.update_one({"_id": job["_id"]}, {"$set": {
            k: job.get(k) for k in ("status", "rows", "total", "error")}})
        self._progress(job)

    def _fetch(self, sid: str, table: Table, query: dict) -> dict:
        """One page as the person: their session's token, refreshed when near its end, like a request would."""
        session = self.sessions.get(sid)
        if session is None:
            raise ExportFailed("signed out while exporting")
        if session["access_expires_at"] - 60 <= time.time():
            session = self.sessions.replace_tokens(session, identity_client.refresh(self.settings,
                                                                                    session["refresh_token"]))
        url = f"{self.settings.service_urls[table.service]}/{table.path}"
        answer = requests.get(url, params=query, timeout=TIMEOUT,
                              headers={"Authorization": f"Bearer {session['access_token']}"})
        if answer.status_code != 200:
            raise ExportFailed(f"{table.service} answered {answer.status_code}: {answer.text[:120]}")
        return answer.json()

    def _progress(self, job: dict) -> None:
        self.hub.publish({"type": "console.export.progress", "tenant_id": job["tenant_id"], "id": None,
                          "data": {"recipient": job["person_id"], **present(job)}})


class ExportFailed(Exception):
    pass


def present(job: dict) -> dict:
    return {"export_id": job["_id"], "table": job["table"], "status": job["status"], "rows": job["rows"],
            "total": job["total"], "error": job.get("error")}
