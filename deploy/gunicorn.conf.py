"""gunicorn settings shared by every service (override with environment variables)."""
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "8"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
# Each request is logged by the app itself as JSON with its request id; no separate access log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
max_requests = 20000
max_requests_jitter = 2000

# Prometheus in multiprocess mode: every gunicorn worker writes its metrics to files in one shared directory and
# /metrics (kefulib.metrics) aggregates them. It must be set before any worker imports prometheus_client; a fresh
# directory per start unless the operator names one (it must then be emptied between starts).
_own_metrics_dir = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    import tempfile
    _own_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="kefu-metrics-")


def child_exit(server, worker):
    """A dead worker's live gauges stop counting; its counters stay in the sums."""
    from prometheus_client import multiprocess
    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _own_metrics_dir:
        import shutil
        shutil.rmtree(_own_metrics_dir, ignore_errors=True)
