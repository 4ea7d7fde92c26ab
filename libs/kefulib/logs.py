"""Structured JSON logs; each line carries the request id and tenant id when there is one, and the trace and
span ids when tracing is on (kefulib.tracing)."""
from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from flask import g, has_request_context

from . import tracing

#: The structured fields a log line may carry (`extra={...}`), each meaning one thing:
#: `status` is an HTTP status only; `queue` a consumer queue; `job`/`loop` a worker's periodic job or thread;
#: `record_id` the id of the record concerned; `count` a number of things; `error` an exception's text.
LOG_FIELDS = ("request_id", "tenant_id", "event_id", "event_type", "queue", "job", "loop", "record_id", "count",
              "error", "status", "path", "method", "ms")


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if has_request_context():
            line["request_id"] = getattr(g, "request_id", None)
            principal = getattr(g, "principal", None)
            line["tenant_id"] = getattr(principal, "tenant_id", None)
        ids = tracing.current_ids()  # with tracing on: the line joins its trace in Jaeger
        if ids is not None:
            line["trace_id"], line["span_id"] = ids
        for key in LOG_FIELDS:
            if hasattr(record, key):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(service: str, level: str = "INFO") -> None:
    """Send every log record to stderr as one JSON object per line."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("pika").setLevel(logging.WARNING)
