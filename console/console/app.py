"""The console's application factory (gunicorn: `console.app:create_app()`): the BFF and the built web app."""
from __future__ import annotations

import mimetypes

from flask import Flask, Response, abort, current_app, jsonify, redirect, request, send_from_directory
from kefulib.store import connect

from .api import api
from .auth import auth
from .compression import COMPRESSIBLE, AssetCache, accepts_gzip, compress_answer
from .config import ConsoleSettings
from .events import AmqpListener, EventHub
from .exports import ExportJobs
from .sessions import SESSION_COOKIE, SessionStore

# blob: for the photo a technician just took, shown before it is uploaded.
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def create_app(settings: ConsoleSettings | None = None, *, listen: bool = True) -> Flask:
    settings = settings or ConsoleSettings.from_env()
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # JSON is a few KB; the image routes lift it (api.forward)
    db = connect(settings.mongo_url, settings.mongo_db)
    hub = EventHub()
    sessions = SessionStore(db)
    app.extensions.update({"console.settings": settings, "console.sessions": sessions, "console.hub": hub,
                           "console.db": db, "console.exports": ExportJobs(db, settings, sessions, hub,
                                                                           settings.export_dir),
                           "console.assets": AssetCache()})
    if listen:
        listener = AmqpListener(hub, settings.amqp_url, settings.event_exchange, settings.queue_expires_ms)
        listener.start()
        app.extensions["console.listener"] = listener
    app.register_blueprint(auth)
    app.register_blueprint(api)
    app.add_url_rule("/livez", "livez", lambda: jsonify({"status": "ok"}))
    app.add_url_rule("/readyz", "readyz", readyz)
    app.add_url_rule("/assets/<path:name>", "assets", asset)
    app.add_url_rule("/", "index", index)
    app.add_url_rule("/<path:_route>", "spa", index)  # history-mode routes of the web app

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return compress_answer(response)

    return app


def readyz():
    listener = current_app.extensions.get("console.listener")
    try:
        current_app.extensions["console.db"].command("ping")
    except Exception:
        return jsonify({"status": "unavailable", "mongo": "down"}), 503
    if listener is not None and not listener.bound.is_set():
        return jsonify({"status": "unavailable", "events": "not listening"}), 503
    return jsonify({"status": "ok"})


def asset(name):
    folder = current_app.extensions["console.settings"].web_dist / "assets"
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mimetype in COMPRESSIBLE and accepts_gzip():
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            abort(404)
        response = Response(current_app.extensions["console.assets"].gzipped(path), mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
    else:
        response = send_from_directory(folder, name)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"  # file names carry a content hash
    return response


def index(_route: str = ""):
    if _route.startswith(("api/", "auth/")):
        abort(404)
    if current_app.extensions["console.sessions"].get(request.cookies.get(SESSION_COOKIE)) is None:
        return redirect("/auth/login")  # straight to identity's sign-in page, before any script runs
    dist = current_app.extensions["console.settings"].web_dist
    if not (dist / "index.html").exists():
        return "The web app is not built: run `npm ci && npm run build` in console/web (make install does).", 503
    response = send_from_directory(dist, "index.html")
    response.headers["Cache-Control"] = "no-cache"
    return response
