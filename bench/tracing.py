"""The cost of tracing on POST /tickets (issue 19): the same ticketing code, database and broker, once with
tracing off and once with OTEL_ENABLED=1 exporting every span over OTLP/HTTP to a local collector stand-in.

Two ticketing web processes run side by side on one database (identity signs the tokens); rounds alternate
off, on, off, on … so that the shared machine's noise falls on both alike. Each round is BENCH_TRACE_REQUESTS
creates from BENCH_CLIENTS threads (closed loop). Publish on commit is on, as in production: each create is a
request span, its pymongo spans, and the event's producer span. The stand-in answers OTLP like a collector and
counts the spans it receives (decoded), so a run proves the traced process really exported.
"""
from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest


class OtlpSink:
    """A collector's OTLP/HTTP traces endpoint that keeps nothing but a count of spans."""

    def __init__(self):
        self.spans = 0
        self._lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = ExportTraceServiceRequest.FromString(body)
                count = sum(len(s.spans) for r in request.resource_spans for s in r.scope_spans)
                with sink._lock:
                    sink.spans += count
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def creates(url: str, session_for, count: int, clients: int) -> tuple[float, list[float]]:
    def one(n):
        t0 = time.perf_counter()
        response = session_for().post(url + "/tickets", json={"kind": "repair", "title": f"trace bench {n}"},
                                      timeout=30)
        assert response.status_code == 201, response.text
        return time.perf_counter() - t0

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(one, range(count)))
    return count / (time.perf_counter() - started), latencies


def measure(urls: dict[str, str], session_for, sink: OtlpSink, *, requests: int, clients: int, rounds: int,
            p50_p99, cpu_of) -> dict:
    """urls: mode -> ticketing's URL, "off" first; per mode the creates/s of each round, the pooled p50/p99 and
    the CPU time its web processes spent per create (`cpu_of(mode)`: their user + system seconds so far)."""
    for url in urls.values():  # warm every process: connections, JWKS, indexes
        creates(url, session_for, clients * 2, clients)
    time.sleep(6)  # the warm-up's spans are exported before counting starts
    spans_before = sink.spans
    cpu: dict[str, float] = {mode: 0.0 for mode in urls}
    rates: dict[str, list[float]] = {mode: [] for mode in urls}
    latencies: dict[str, list[float]] = {mode: [] for mode in urls}
    for _ in range(rounds):
        for mode, url in urls.items():
            cpu_before = cpu_of(mode)
            rate, seconds = creates(url, session_for, requests, clients)
            cpu[mode] += cpu_of(mode) - cpu_before
            rates[mode].append(rate)
            latencies[mode] += seconds
    before_export = {mode: cpu_of(mode) for mode in urls}
    time.sleep(6)  # the batch processor exports every 5 s: the last batch's export is tracing's cost too
    for mode in urls:
        cpu[mode] += cpu_of(mode) - before_export[mode]
    return {"modes": {mode: {"rates": rates[mode], "median_rate": statistics.median(rates[mode]),
                             "latency": p50_p99(latencies[mode]), "cpu_ms": 1000 * cpu[mode] / (requests * rounds)}
                      for mode in urls},
            "spans": sink.spans - spans_before, "requests": requests, "clients": clients, "rounds": rounds}


def report_lines(result: dict, labels: dict[str, str]) -> list[str]:
    modes = result["modes"]
    base = modes["off"]
    lines = [
        f"POST /tickets, {result['rounds']} alternating rounds of {result['requests']} creates from "
        f"{result['clients']} clients per mode (one ticketing web process per mode, same database and broker):",
        "",
        "| tracing | creates/s per round | median creates/s | p50 / p99 | web CPU per create | vs off (creates/s, p50, CPU) |",
        "|---|---|---|---|---|---|",
    ]
    for mode, row in modes.items():
        (p50, p99), rate, cpu = row["latency"], row["median_rate"], row["cpu_ms"]
        versus = "—" if mode == "off" else (
            f"{100 * (rate - base['median_rate']) / base['median_rate']:+.1f} %, "
            f"{100 * (p50 - base['latency'][0]) / base['latency'][0]:+.1f} %, "
            f"{100 * (cpu - base['cpu_ms']) / base['cpu_ms']:+.1f} %")
        lines.append(f"| {labels[mode]} | {', '.join(f'{r:.0f}' for r in row['rates'])} | {rate:.1f} | "
                     f"{p50:.1f} ms / {p99:.1f} ms | {cpu:.2f} ms | {versus} |")
    traced = result["requests"] * result["rounds"]
    lines += ["", f"The collector stand-in received {result['spans']:,} spans for {traced:,} creates with every request "
                  f"sampled and as many at 10 % ({result['spans'] / max(traced, 1):.1f} per create in all: the request, "
                  "its database commands, the event's publish)."]
    return lines
