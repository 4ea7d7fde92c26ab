"""A real ticketing web app (gunicorn, multiprocess metrics) and worker: /metrics names every metric, and the
values move when tickets are created over REST and when the relay is stopped."""
import json
import re
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from kefulib.testing.processes import start_web, start_worker, wait_for
from kefulib.testing.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = str(ROOT / "deploy" / "gunicorn.conf.py")


def jwks_server(token_factory):
    body = json.dumps(token_factory.jwks).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def value(text: str, name: str, **labels) -> float:
    """The sum of `name`'s samples whose labels include `labels` (0 when none)."""
    total = 0.0
    for line in text.splitlines():
        match = re.match(rf"^{re.escape(name)}(\{{[^}}]*\}})? (\S+)$", line)
        if match and all(f'{k}="{v}"' in (match.group(1) or "") for k, v in labels.items()):
            total += float(match.group(2))
    return total


@pytest.fixture
def ticketing(settings_for, token_factory, amqp_url, mongo_url):
    settings = settings_for("ticketing")
    jwks = jwks_server(token_factory)
    logs = Path(tempfile.mkdtemp(prefix="kefu-metrics-"))
    metrics_port = free_port()
    env = {"MONGO_URL": mongo_url, "MONGO_DB": settings.mongo_db, "AMQP_URL": amqp_url,
           "EVENT_EXCHANGE": settings.event_exchange, "JWT_ISSUER": token_factory.issuer,
           "JWT_AUDIENCE": token_factory.audience, "JWKS_URL": f"http://127.0.0.1:{jwks.server_port}/jwks.json",
           "KEFU_ENV": "development", "WEB_CONCURRENCY": "2", "LOG_LEVEL": "WARNING",
           "QUEUE_EXPIRES_MS": str(settings.queue_expires_ms), "METRICS_PORT": str(metrics_port),
           "SLA_SCAN_SECONDS": "1"}
    # gunicorn.conf.py gives the web app a fresh multiprocess directory; the worker is one process, without one.
    web = start_web("ticketing", "ticketing.app:create_app()", free_port(), {**env, "PROMETHEUS_MULTIPROC_DIR": ""},
                    GUNICORN_CONFIG,
                    str(logs / "web.log"))
    worker = start_worker("ticketing-worker", "ticketing.worker", env, str(logs / "worker.log"))
    worker.url = f"http://127.0.0.1:{metrics_port}"
    try:
        yield web, worker
    finally:
        worker.stop()
        web.stop()
        jwks.shutdown()


def scrape(url: str) -> str:
    try:
        response = requests.get(url + "/metrics", timeout=5)
    except requests.RequestException:
        return ""
    return response.text if response.status_code == 200 else ""


WEB_METRICS = ["kefu_http_requests_total", "kefu_http_request_duration_seconds_bucket"]
WORKER_METRICS = ["kefu_outbox_backlog", "kefu_outbox_oldest_pending_age_seconds", "kefu_relay_published_total",
                  "kefu_relay_confirmed_total", "kefu_consumer_messages_total", "kefu_consumer_redelivered_total",
                  "kefu_consumer_queue_depth", "kefu_dead_letters", "kefu_sla_breaches_total",
                  "kefu_sla_scan_last_run_timestamp_seconds", "kefu_notifications_total"]


def test_metrics_are_served_and_move(ticketing, headers_for):
    web, worker = ticketing
    headers = headers_for("ticketing", tenant="p-metrics")
    worker_text = wait_for(lambda: scrape(worker.url), timeout=60)
    assert worker_text, worker.log_tail()
    for name in WORKER_METRICS:
        assert f"# TYPE {name.removesuffix('_total')}" in worker_text, name
    assert wait_for(lambda: value(scrape(worker.url), "kefu_sla_scan_last_run_timestamp_seconds") > 0, timeout=20)

    for n in range(3):
        response = requests.post(web.url + "/tickets", json={"kind": "repair", "title": f"metrics {n}"},
                                 headers=headers, timeout=10)
        assert response.status_code == 201, response.text
    worker_text = wait_for(lambda: (t := scrape(worker.url)) and value(t, "kefu_relay_confirmed_total") >= 3 and t,
                           timeout=30)
    assert value(worker_text, "kefu_relay_published_total") >= 3
    web_text = scrape(web.url)
    for name in WEB_METRICS:
        assert name in web_text, name
    assert value(web_text, "kefu_http_requests_total", route="/tickets", method="POST", status="201") == 3
    assert value(web_text, "kefu_http_request_duration_seconds_count", route="/tickets", method="POST") == 3

    # The tests' processes leave publishing to the relay (KEFU_PUBLISH_ON_COMMIT off): with the worker and
    # its relay stopped, new events stay pending and the web app's /metrics shows the backlog grow.
    worker.stop()
    time.sleep(0.5)
    before = value(scrape(web.url), "kefu_outbox_backlog")
    for n in range(2):
        requests.post(web.url + "/tickets", json={"kind": "repair", "title": f"stopped {n}"}, headers=headers,
                      timeout=10)
    web_text = scrape(web.url)
    assert value(web_text, "kefu_outbox_backlog") >= before + 2
    assert value(web_text, "kefu_outbox_oldest_pending_age_seconds") > 0
