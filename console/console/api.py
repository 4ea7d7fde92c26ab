"""/api: who is signed in, the services' REST APIs on the person's behalf, and the live event stream."""
from __future__ import annotations

import queue
import re

import requests
from flask import Blueprint, Response, current_app, g, jsonify, request, send_file, stream_with_context

from .auth import _store, problem, signed_in
from .events import sse_lines
from .exports import TABLES, XLSX, clean_params
from .sessions import SESSION_COOKIE
from .visibility import Viewer

api = Blueprint("api", __name__)
TIMEOUT = 15
HEARTBEAT_SECONDS = 15
# Only a plain path of the service's API; no dot segments, no schemes, nothing to smuggle a host in.
# A CSV export (visits' visitors/log.csv) may end in ".csv": one dot, at the end, so still no dot segment.
SAFE_PATH = re.compile(r"^[A-Za-z0-9_\-/]{1,300}(\.csv)?$")
FORWARDED_HEADERS = ("Idempotency-Key", "If-Match")
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
MAX_UPLOAD_BYTES = 10 * 1024 * 1024 + 1  # one byte over ticketing's limit, so ticketing's own 413 is what is seen
ACTION_PATH = re.compile(r"^tickets/([0-9a-f-]{36})/(actions/[a-z_]+|reclassify)$")
VISIT_PATH = re.compile(r"^return-visits/([0-9a-f-]{36})/(assign|cancel)$")
# A change in one of desk's registers (keys/<id>/sign-outs, phone-messages, ...): register, id, what.
DESK_PATH = re.compile(r"^(keys|key-counts|parcels|phone-messages|held-items|notices|survey-campaigns)"
                       r"(?:/([0-9a-f-]{36}))?(?:/([a-z-]+))?$")
# Writes billing announces to nobody (credit notes, commissioned orders): the cashier screens hear of them here.
CASHIER_PATH = re.compile(r"^(credit-notes|commissions(?:/[^/]+/(?:voucher|settle|cancel))?)$")
# The gate's registers (visitors in and out, pre-registrations, the watch list): visits publishes no event of them.
GATE_PATH = re.compile(r"^(visitors/check-in|visitors/[^/]+/check-out|pre-registrations(?:/[^/]+/(?:check-in|cancel))?"
                       r"|watch-list(?:/[^/]+)?)$")
# Renovation's writes: it announces the steps other services act on (a submission, fees, the permit, a pass issued, a
# violation, hot work approved, completion) but not reviews, returns, revocations, follow-ups or refusals, so the other
# renovation screens of this process hear of every write here (where an event comes too: one more read, nothing lost).
RENOVATION_PATH = re.compile(r"^(applications(?:/[^/]+/(?:reviews|resubmit|passes|patrols|hot-work|extensions|completion"
                             r"|completion/inspection))?|passes/[^/]+/(?:return|revoke)|violations/[^/]+/follow-ups"
                             r"|(?:hot-work|extensions)/[^/]+/decision)$")
# A step of something the approvals inbox lists, where the owning service publishes no event of its own.
APPROVAL_PATHS = {
    "identity": re.compile(r"^(?:borrowing-requests(?:/[^/]+/(?:approve|reject|revoke))?"
                           r"|important-events/[^/]+/(?:submit|file|return))$"),
    "desk": re.compile(r"^notices/[^/]+/(?:submit|approve|refuse)$"),
    "ticketing": re.compile(r"^non-conformance/[^/]+/approve$"),
}


def _settings():
    return current_app.extensions["console.settings"]


@api.route("/api/me")
@signed_in
def me():
    session = g.session
    if "name" not in session:  # asked once per session, from identity as the person
        answer = _call("identity", "GET", "staff/me")
        session["name"] = answer.json().get("name") if answer.status_code == 200 else session["person_id"]
        settings = _call("ticketing", "GET", "settings/sla")
        zone = settings.json().get("calendar", {}).get("timezone") if settings.status_code == 200 else None
        session["timezone"] = zone or "Asia/Shanghai"
        _store().remember(session, name=session["name"], timezone=session["timezone"])
    return jsonify({"person_id": session["person_id"], "name": session["name"], "tenant_id": session["tenant_id"],
                    "roles": session["roles"], "hq": session["hq"], "timezone": session["timezone"],
                    "csrf_token": session["csrf"]})


def _call(service: str, method: str, path: str, **kwargs) -> requests.Response:
    url = f"{_settings().service_urls[service]}/{path}"
    headers = {"Authorization": f"Bearer {g.session['access_token']}", **kwargs.pop("headers", {})}
    return requests.request(method, url, headers=headers, timeout=TIMEOUT, **kwargs)


@api.route("/api/<service>/<path:path>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@signed_in
def forward(service, path):
    if service not in _settings().service_urls or not SAFE_PATH.match(path):
        return problem(404, "Not found")
    headers = {name: request.headers[name] for name in FORWARDED_HEADERS if name in request.headers}
    if request.mimetype in IMAGE_TYPES:  # a photo or a signature going to a ticket: up to the services' own limit
        request.max_content_length = MAX_UPLOAD_BYTES
    body = request.get_data() if request.method != "GET" else None
    if body:
        # Only JSON and the image types go through; the service reads an image's type from its bytes anyway.
        headers["Content-Type"] = request.mimetype if request.mimetype in IMAGE_TYPES else "application/json"
    try:
        # Every value of a repeated parameter (identity's archive reads take `fields` once per field): a plain
        # request.args would hand requests only the first of each.
        params = list(request.args.items(multi=True))
        answer = _call(service, request.method, path, params=params, data=body, headers=headers)
    except requests.RequestException:
        return problem(502, f"{service} is not reachable", "Nothing was changed by this request; try again.")
    if service == "ticketing" and request.method == "POST" and answer.status_code == 200:
        changed = ACTION_PATH.match(path)
        if changed:  # ticketing publishes no event for most moves; this process's boards hear of them here
            current_app.extensions["console.hub"].publish({
                "type": "console.ticket.changed", "tenant_id": g.session["tenant_id"], "id": None,
                "data": {"ticket_id": changed.group(1), "change": changed.group(2)}})
    if service == "visits" and request.method == "POST" and answer.status_code == 200:
        changed = VISIT_PATH.match(path)
        if changed:  # visits publishes only completions; other queues of this process hear of the rest here
            current_app.extensions["console.hub"].publish({
                "type": "console.return_visit.changed", "tenant_id": g.session["tenant_id"], "id": None,
                "data": {"return_visit_id": changed.group(1), "change": changed.group(2)}})
    if service == "desk" and request.method in ("POST", "PUT", "PATCH") and 200 <= answer.status_code < 300:
        _desk_changed(path)
    if request.method in ("POST", "DELETE") and 200 <= answer.status_code < 300:
        _screen_changed(service, path)
    if request.method == "POST" and 200 <= answer.status_code < 300 and service in APPROVAL_PATHS \
            and APPROVAL_PATHS[service].match(path):
        # Other inboxes of this process read theirs again (a request filed, a decision taken at another desk).
        current_app.extensions["console.hub"].publish({
            "type": "console.approvals.changed", "tenant_id": g.session["tenant_id"], "id": None,
            "data": {"service": service}})
    response = Response(answer.content, status=answer.status_code,
                        content_type=answer.headers.get("Content-Type", "application/json"))
    response.headers["Cache-Control"] = "no-store"
    return response


def _screen_changed(service: str, path: str) -> None:
    """Another cashier, gate or renovation screen of this process reads again after a colleague's write (visibility.py
    says whose)."""
    screen = {"billing": ("cashier", CASHIER_PATH), "visits": ("gate", GATE_PATH),
              "renovation": ("renovation", RENOVATION_PATH)}.get(service)
    if screen and screen[1].match(path):
        current_app.extensions["console.hub"].publish({
            "type": f"console.{screen[0]}.changed", "tenant_id": g.session["tenant_id"], "id": None,
            "data": {"change": path.split("/")[0]}})


def _desk_changed(path: str) -> None:
    """Desk announces only receipts and overdue keys; the other desks of this process hear of the rest here."""
    changed = DESK_PATH.match(path)
    if not changed or (changed.group(1) == "parcels" and changed.group(2) is None):
        return  # a parcel received is desk's own event (desk.parcel.received), sent to every console
    register, item, change = changed.groups()
    current_app.extensions["console.hub"].publish({
        "type": "console.desk.changed", "tenant_id": g.session["tenant_id"], "id": None,
        "data": {"register": register, "item_id": item, "change": change or "created"}})


@api.route("/api/exports", methods=["POST"])
@signed_in
def start_export():
    """A dashboard table to XLSX, in the background; its progress comes over the person's event stream."""
    if not g.session.get("hq"):
        return problem(403, "Only HQ exports the dashboard's tables", "Sign in with an HQ role.")
    body = request.get_json(silent=True) or {}
    table = TABLES.get(body.get("table"))
    if table is None:
        return _invalid("table", f"one of: {', '.join(TABLES)}")
    params = clean_params(table, body.get("params", {}))
    if params is None:
        return _invalid("params", f"only {', '.join(table.params)}, as text")
    job = current_app.extensions["console.exports"].start(g.session, request.cookies.get(SESSION_COOKIE),
                                                          body["table"], params)
    return jsonify(job), 202


def _invalid(field: str, message: str):
    """A 422 naming the field, in the shape the services answer theirs (`errors`: field -> messages)."""
    response = problem(422, f"This field is not valid: {field}.")
    response.set_data(jsonify({**response.get_json(), "errors": {field: [message]}}).get_data())
    return response


@api.route("/api/exports/<export_id>")
@signed_in
def download_export(export_id):
    jobs = current_app.extensions["console.exports"]
    job = jobs.get(export_id, g.session["person_id"])  # another person's export is not found, not forbidden
    if job is None:
        return problem(404, "Not found")
    if job["status"] != "done":
        return problem(409, "The export is not ready", f"It is {job['status']}.")
    day = job["created_at"].strftime("%Y%m%d")
    response = send_file(jobs.path(job), mimetype=XLSX, as_attachment=True,
                         download_name=f"{job['table']}-{day}.xlsx")
    response.headers["Cache-Control"] = "no-store"
    return response


@api.route("/api/events")
@signed_in
def events():
    hub = current_app.extensions["console.hub"]
    session = g.session
    subscriber = hub.subscribe(Viewer(session["tenant_id"], list(session["roles"]), session["person_id"],
                                      bool(session.get("hq"))))
    cookie = request.cookies.get(SESSION_COOKIE)
    store = _store()

    def stream():
        try:
            yield "retry: 2000\n: connected\n\n"
            while not subscriber.overflowed:
                try:
                    yield sse_lines(subscriber.inbox.get(timeout=HEARTBEAT_SECONDS))
                except queue.Empty:
                    if store.get(cookie) is None:  # signed out elsewhere: stop pushing
                        return
                    yield ": ping\n\n"
        finally:
            hub.unsubscribe(subscriber)

    response = Response(stream_with_context(stream()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # the gateway must not buffer the stream
    return response
