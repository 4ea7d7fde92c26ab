"""The staff console in a browser (issue 13; not bench/console.py: that name would hide the console package
from bench/run.py, whose own folder comes first on its path): headless Debian Chromium driven by Playwright (never a downloaded
browser), against the whole platform and the console's BFF started for real.

  1. First load, cold cache: a fresh user-data dir holding only the session cookie of an engineering supervisor (who
     signed in through identity's page in another profile), navigated to the console. Bytes are CDP's
     Network.loadingFinished encodedDataLength (what crossed the network, compressed) summed over every request the
     page made until the board was usable (the event stream excepted: it never finishes, and carries events, not the
     screen). Time to interactive: from the document's navigation start (performance.timeOrigin) to the first
     animation frame at which the board is usable: its open tickets loaded (data-loaded), its technicians listed,
     and its event stream connected ([data-test=live] says 实时), i.e. a card can be dragged and a new ticket
     would arrive.
  2. Commit to card: BENCH_CONSOLE_CARDS tickets (default 30) created over REST, one at a time, while the board is
     open; a MutationObserver in the page stamps each card's arrival with performance.timeOrigin + performance.now()
     (the same machine clock as the ticket's created_at, ticketing's commit time). Each ticket is cancelled through
     the console once its card came, so the column stays short (a virtualised column renders the cards in view; new
     ones come last).
  3. A board of BENCH_CONSOLE_TICKETS open tickets (default 2,000), written with the raw driver in ticketing's stored
     shape (bench/breach_scan.Tickets): from navigation start to the first cards painted and to the first frame
     after the board's one read (ticketing's GET /tickets/board) was loaded and painted (warm cache: the render, not
     the download of the app), the cards actually in the page, then the largest
     column scrolled from top to bottom by 60 px per animation frame, with each frame's interval and the long tasks
     (PerformanceObserver) recorded.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import breach_scan
import requests

from deploy.local import demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "Bench-console-Passw0rd!"
SHOTS = Path(__file__).resolve().parents[1] / ".run" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
SCROLL_STEP, SCROLL_FRAMES = 100, 600  # 100 px a frame (a brisk wheel) for 10 s at 60 Hz: some 600 cards go by

# Stamps the first frame at which the board is usable (see the module's docstring).
READY_SCRIPT = """() => new Promise((resolve) => {
  const usable = () => document.querySelector('[data-test=board][data-loaded=true]')
    && document.querySelector('[data-test=live]')?.textContent.trim() === '实时'
    && document.querySelector('.technicians .tech')
  const check = () => usable() ? resolve(performance.now()) : requestAnimationFrame(check)
  check()
})"""

# Every card added to the page, stamped on the machine's clock in ms since the epoch (first arrival only).
OBSERVE_CARDS = """() => {
  window.__arrivals = {}
  const stamp = (node) => {
    if (node.nodeType !== 1) return
    const cards = node.matches('[data-test^="card-"]') ? [node] : node.querySelectorAll('[data-test^="card-"]')
    for (const card of cards) {
      const id = card.dataset.test.slice(5)
      if (!(id in window.__arrivals)) window.__arrivals[id] = performance.timeOrigin + performance.now()
    }
  }
  new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach(stamp)))
    .observe(document.body, { childList: true, subtree: true })
}"""

# Scrolls the column with the most cards down, STEP px a frame for at most FRAMES frames (or to its bottom); each
# frame's interval and the long tasks.
SCROLL_SCRIPT = """([step, most]) => new Promise((resolve) => {
  const scrollers = [...document.querySelectorAll('.column .scroller')]
  const el = scrollers.sort((a, b) => b.scrollHeight - a.scrollHeight)[0]
  const long = []
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => long.push(e.duration)))
  try { observer.observe({ type: 'longtask', buffered: false }) } catch {}
  const frames = []
  let last = performance.now()
  const started = last
  const tick = (at) => {
    frames.push(at - last); last = at
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || frames.length > most) {
      observer.disconnect()
      resolve({ frames: frames.slice(1), long, seconds: (at - started) / 1000, height: el.scrollHeight,
                scrolled: el.scrollTop,
                cards: document.querySelectorAll('[data-test^="card-"]').length })
      return
    }
    el.scrollTop += step
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
})"""


def _p50_p99(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[98]


class Network:
    """CDP's network log of one page: each finished request's URL, type, encoded (on the wire) size and encoding."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.requests: dict[str, dict] = {}
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.send("Network.enable")

    def _response(self, event):
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        self.requests[event["requestId"]] = {"url": response["url"], "type": event.get("type", ""),
                                             "encoding": headers.get("content-encoding", ""), "bytes": None}

    def _finished(self, event):
        self.requests.setdefault(event["requestId"], {"url": "?", "type": "", "encoding": ""})["bytes"] = \
            event["encodedDataLength"]

    def finished(self) -> list[dict]:
        return [r for r in self.requests.values() if r.get("bytes") is not None]


def _launch(playwright, cookies=None):
    """A persistent context on a fresh user-data dir: nothing cached, nothing stored but the given cookies."""
    context = playwright.chromium.launch_persistent_context(
        tempfile.mkdtemp(prefix="kefu-bench-chromium-"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport=VIEWPORT, locale="zh-CN")
    if cookies:
        context.add_cookies(cookies)
    return context


def _sign_in(page, console_url: str, person: dict) -> None:
    page.goto(console_url)  # no session: identity's sign-in page
    page.wait_for_selector("text=员工登录")
    page.keyboard.type(person["username"])
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-test=who]")


def first_load(playwright, console_url: str, cookies: list[dict]) -> dict:
    context = _launch(playwright, cookies)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        network = Network(context, page)
        page.goto(console_url + "/", wait_until="commit")
        ready_ms = page.evaluate(READY_SCRIPT)
        timing = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                               " return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd } }")
        page.wait_for_timeout(300)  # anything the first screen asked for just after it became usable
        done = [r for r in network.finished() if not r["url"].endswith("/api/events")]
        mine = [r for r in done if r["url"].startswith(console_url)]
        by_type: dict[str, int] = {}
        for r in mine:
            by_type[r["type"]] = by_type.get(r["type"], 0) + r["bytes"]
        scripts = [r for r in mine if r["type"] in ("Script", "Stylesheet")]
        return {"tti_ms": ready_ms, "dcl_ms": timing["dcl"], "load_ms": timing["load"],
                "bytes": sum(r["bytes"] for r in done), "requests": len(done), "by_type": by_type,
                "assets_gzipped": all(r["encoding"] == "gzip" for r in scripts) and bool(scripts),
                "other_origins": len(done) - len(mine)}
    finally:
        context.close()


def commit_to_card(page, local, session: requests.Session, count: int) -> dict:
    tickets = local.url("ticketing") + "/tickets"
    page.evaluate(OBSERVE_CARDS)
    csrf = page.request.get(local.console_url + "/api/me").json()["csrf_token"]
    from_commit, from_answer = [], []
    for n in range(count + 1):  # the first warms up (connections, the store's first refresh)
        sent = time.time()
        answer = session.post(tickets, json={"kind": "repair", "title": f"看板延迟 {n}", "unit_id": "1-1-101",
                                             "channel": "phone"}, timeout=30)
        answered = time.time()
        assert answer.status_code == 201, answer.text
        ticket = answer.json()
        deadline = time.monotonic() + 10
        while (arrived := page.evaluate(f"() => window.__arrivals[{ticket['id']!r}]")) is None:
            assert time.monotonic() < deadline, f"card of {ticket['id']} not on the board after 10 s"
            page.wait_for_timeout(5)
        committed = datetime.fromisoformat(ticket["created_at"]).timestamp()
        if n:
            from_commit.append(arrived / 1000 - committed)
            from_answer.append(arrived / 1000 - answered)
        assert committed <= answered + 0.05 and sent <= answered
        # Through the console, as the supervisor would: ticketing announces no cancellation, the BFF does (to its
        # own browsers); a REST cancel would leave the card up until the board reloads.
        cancelled = page.request.post(f"{local.console_url}/api/ticketing/tickets/{ticket['id']}/actions/cancel",
                                      headers={"X-CSRF-Token": csrf}, data={"note": "bench"})
        assert cancelled.ok, cancelled.text()
        page.wait_for_selector(f"[data-test='card-{ticket['id']}']", state="detached", timeout=10000)
    return {"count": count, "from_commit": _p50_p99(from_commit), "from_answer": _p50_p99(from_answer),
            "max": max(from_commit)}


def seed_board(db, tenant: str, count: int) -> None:
    """`count` open repairs of the tenant in ticketing's stored shape, received within the last 60 h (their 72 h
    fix deadline still ahead, so none crowds the breaching-soon lane): one column of `count` cards."""
    at = datetime.now(UTC)
    factory = breach_scan.Tickets(at)
    docs = []
    for n in range(count):
        doc = factory.make(n, at - timedelta(seconds=(n * 7919) % (60 * 3600)))
        doc.update({"tenant_id": tenant, "bench_seed": "console", "title": f"看板 {n} 号：厨房水管漏水",
                    "unit_id": f"{n % 12 + 1}-{n % 30 + 1}-{n % 4 + 1:02d}"})
        docs.append(doc)
    db.tickets.insert_many(docs, ordered=False)


def big_board(context, console_url: str, scroll: bool) -> dict:
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(console_url + "/board", wait_until="commit")
    rendered = page.evaluate("""() => new Promise((resolve, reject) => {
      let first = null
      const given = setTimeout(() => reject(new Error('board not loaded after 120 s: ' + JSON.stringify({ first,
        loaded: document.querySelector('[data-test=board]')?.dataset.loaded,
        cards: document.querySelectorAll('[data-test^="card-"]').length }))), 120000)
      const check = () => {
        if (first === null && document.querySelector('[data-test^="card-"]')) first = performance.now()
        if (first !== null && document.querySelector('[data-test=board][data-loaded=true]')) {
          clearTimeout(given)
          requestAnimationFrame(() => resolve({ first, all: performance.now() }))
        } else requestAnimationFrame(check)
      }
      check()
    })""")
    assert not errors, errors
    counts = page.eval_on_selector_all("[data-test^=column-] [data-test=count]", "els => els.map((e) => +e.textContent)")
    cards = page.eval_on_selector_all("[data-test^=card-]", "els => els.length")
    result = {"first_cards_ms": rendered["first"], "rendered_ms": rendered["all"], "tickets": sum(counts),
              "cards_in_page": cards}
    if scroll:
        page.wait_for_timeout(500)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "board-2000-1280.png"))  # what a column of 2,000 looks like
        scrolled = page.evaluate(SCROLL_SCRIPT, [SCROLL_STEP, SCROLL_FRAMES])
        frames = scrolled["frames"]
        result.update({"frames": len(frames), "frame_ms": _p50_p99(frames), "slow_frames": sum(1 for f in frames if f > 50),
                       "long_tasks": len(scrolled["long"]), "longest_task_ms": max(scrolled["long"], default=0.0),
                       "scroll_seconds": scrolled["seconds"], "column_px": scrolled["height"],
                       "scrolled_px": scrolled["scrolled"], "cards_while_scrolling": scrolled["cards"]})
    page.close()
    return result


def measure(local, first: dict, tenant: str, session: requests.Session, ticketing_db, cards: int,
            board_tickets: int, log=print) -> dict:
    """`first`: the bootstrap answer holding HQ's admin; `session`: a REST client of `tenant`."""
    from playwright.sync_api import sync_playwright
    identity = local.url("identity")
    supervisor = demo.create_person(identity, first["hq_admin"], tenant, "bench.board", "看板主管",
                                    ["engineering_supervisor"], PASSWORD)
    demo.create_person(identity, first["hq_admin"], tenant, "bench.tech", "测师傅", ["technician"], PASSWORD)
    console_url = local.console_url
    with sync_playwright() as playwright:
        signed = _launch(playwright)
        try:
            page = signed.pages[0] if signed.pages else signed.new_page()
            _sign_in(page, console_url, supervisor)
            cookies = signed.cookies(console_url)
            page.evaluate(READY_SCRIPT)
            log("console: 3 cold first loads")
            loads = [first_load(playwright, console_url, cookies) for _ in range(3)]
            log(f"console: commit to card, {cards} tickets")
            latency = commit_to_card(page, local, session, cards)
            log(f"console: a board of {board_tickets:,} open tickets, rendered 3 times, scrolled once")
            seed_board(ticketing_db, tenant, board_tickets)
            boards = [big_board(signed, console_url, scroll=n == 0) for n in range(3)]
        finally:
            signed.close()
    return {"loads": loads, "latency": latency, "boards": boards, "board_tickets": board_tickets}


def report_lines(result: dict) -> list[str]:
    loads, latency, boards = result["loads"], result["latency"], result["boards"]
    first = loads[0]
    kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
    types = ", ".join(f"{kind or 'other'} {kb(size)}" for kind, size in sorted(first["by_type"].items(),
                                                                              key=lambda item: -item[1]))
    median = lambda key: statistics.median(b[key] for b in boards)  # noqa: E731
    frame = boards[0]["frame_ms"]
    ttis = ", ".join(f"{x['tti_ms']:.0f} ms" for x in loads)
    renders = ", ".join(f"{b['rendered_ms']:.0f} ms" for b in boards)
    firsts = ", ".join(f"{b['first_cards_ms']:.0f} ms" for b in boards)
    return [
        "Headless Debian Chromium (`/usr/bin/chromium`, Playwright) against the whole platform; an engineering "
        "supervisor's board. Method in bench/console_browser.py's docstring.", "",
        "| measurement | value | aim |", "|---|---|---|",
        f"| first load, cold cache (fresh profile): bytes over the network, compressed | {kb(first['bytes'])} in "
        f"{first['requests']} requests ({types}); assets served gzip: {'yes' if first['assets_gzipped'] else 'NO'} "
        f"| < 500 KB |",
        f"| same: time to interactive (navigation start to the board usable), 3 cold loads "
        f"| {ttis} (DOMContentLoaded {first['dcl_ms']:.0f} ms) | < 1.5 s |",
        f"| ticket committed (created_at) to its card on an open board, p50 / p99 ({latency['count']} tickets) "
        f"| {latency['from_commit'][0] * 1000:.0f} ms / {latency['from_commit'][1] * 1000:.0f} ms | p99 < 500 ms |",
        f"| same, from the REST create's answer at the client, p50 / p99 "
        f"| {latency['from_answer'][0] * 1000:.0f} ms / {latency['from_answer'][1] * 1000:.0f} ms | |",
        f"| board of {result['board_tickets']:,} open tickets (warm cache), 3 runs: navigation to its first cards painted "
        f"| {firsts} (median {median('first_cards_ms'):.0f} ms) | |",
        f"| same: navigation to every card loaded and the board painted "
        f"| {renders} (median {median('rendered_ms'):.0f} ms) | < 1 s |",
        f"| same: tickets on the board / cards in the page (virtualised columns) "
        f"| {boards[0]['tickets']:,} / {boards[0]['cards_in_page']} | |",
        f"| same: its {boards[0]['column_px']:,} px column scrolled {boards[0]['scrolled_px']:,} px at {SCROLL_STEP} px a "
        f"frame: frames, interval p50 / p99, frames over 50 ms, long tasks (longest), cards in the page meanwhile "
        f"| {boards[0]['frames']}, {frame[0]:.1f} ms / {frame[1]:.1f} ms, {boards[0]['slow_frames']}, "
        f"{boards[0]['long_tasks']} ({boards[0]['longest_task_ms']:.0f} ms), {boards[0]['cards_while_scrolling']} "
        f"| smooth (16.7 ms a frame at 60 Hz) |",
    ]
