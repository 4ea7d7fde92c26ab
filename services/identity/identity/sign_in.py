"""The staff sign-in page (GET/POST /oauth/authorize): the authorization endpoint of the code grant.

Step 1: username and password, with the same limits and lockout as the password grant
(oauth.check_sign_in). Step 2, only for a person with roles in several projects: which project
to act in; the verified first step is remembered server-side for 5 minutes under a random token
bound to this browser's sign-in CSRF cookie, so the password is never carried to the second page.
Then the code is issued (authorization_code.py) and the browser is sent back to the client.

The page is plain server-rendered HTML in Chinese (the people are at Chinese property projects);
errors in the OAuth request itself (unknown client, unregistered redirect URI, no PKCE) are shown
here and never redirected, so this endpoint cannot be used as an open redirector.
"""
from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from authlib.oauth2.rfc6749.errors import InvalidGrantError, OAuth2Error
from flask import Blueprint, Response, current_app, render_template_string, request
from kefulib.clock import now

from .access import HQ_COMPANY
from .domain import HQ_ROLES
from .handlers.staff import assignments_of, roles_for
from .oauth import SESSIONS, LockedOut, _staff_user, check_sign_in, hash_token
from .store import PENDING_SIGN_INS, STAFF, TENANTS
from .throttling import FailureLog, TooManyAttempts

PENDING_LIFETIME_SECONDS = 300
CSRF_COOKIE = "kefu_signin_csrf"

sign_in_pages = Blueprint("sign_in", __name__)

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · 物业客服平台</title>
<style>
 body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;background:#f2f4f7;color:#1f2937}
 main{max-width:360px;margin:10vh auto;background:#fff;padding:32px;border-radius:8px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
 h1{font-size:20px;margin:0 0 24px} label{display:block;margin:16px 0 6px;font-size:14px}
 input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:10px;
  border:1px solid #d0d5dd;border-radius:4px;font-size:15px}
 button{margin-top:24px;width:100%;padding:11px;border:0;border-radius:4px;background:#1677ff;color:#fff;font-size:15px;cursor:pointer}
 button:focus,input:focus{outline:2px solid #1677ff;outline-offset:1px}
 .error{background:#fff1f0;border:1px solid #ffccc7;color:#a8071a;padding:10px;border-radius:4px;font-size:14px}
 .project{display:flex;align-items:center;gap:8px;margin:10px 0;font-size:15px}
</style></head><body><main>
<h1>物业客服平台 · 员工登录</h1>
{% if error %}<p class="error" role="alert" id="sign-in-error">{{ error }}</p>{% endif %}
{% if fatal %}{% elif projects %}
<form method="post" action="{{ action }}">
 <input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="step" value="project">
 <input type="hidden" name="pending" value="{{ pending }}">
 <fieldset style="border:0;padding:0"><legend>请选择要进入的项目</legend>
 {% for p in projects %}<label class="project">
  <input type="radio" name="project" value="{{ p.id }}" {% if loop.first %}checked{% endif %}>{{ p.name }}</label>
 {% endfor %}
 </fieldset>
 <button type="submit" id="choose-project">进入项目</button>
</form>
{% else %}
<form method="post" action="{{ action }}">
 <input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="step" value="password">
 <label for="username">用户名</label>
 <input type="text" id="username" name="username" autocomplete="username" autofocus required value="{{ username }}">
 <label for="password">密码</label><input type="password" id="password" name="password" autocomplete="current-password" required>
 <button type="submit" id="sign-in">登录</button>
</form>
{% endif %}
</main></body></html>"""


def _page(status=200, csrf="", **values) -> Response:
    values = {"error": None, "fatal": False, "projects": None, "pending": "", "username": "", **values}
    html = render_template_string(PAGE, action=request.full_path.rstrip("?"), csrf=csrf, **values)
    response = Response(html, status=status, mimetype="text/html")
    # A sign-in page must never be framed (clickjacking) nor cached.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    # No form-action: Chromium applies it to the redirect that follows the post, i.e. to the client's origin.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    if csrf:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="Strict", secure=request.is_secure,
                            path="/oauth/authorize", max_age=1800)
    return response


def _fatal(message: str) -> Response:
    return _page(400, error=message, fatal=True)


def _projects_of(db, person: dict) -> list[dict]:
    """The projects the person may act in: where they hold a role; every project for an HQ role."""
    hq_role = any(a.role in HQ_ROLES for a in assignments_of(person))
    filter_ = {"_id": {"$ne": HQ_COMPANY}} if hq_role else {
        "_id": {"$in": [a.scope_id for a in assignments_of(person) if a.scope_id != HQ_COMPANY]}}
    tenants = db[TENANTS].find(filter_).sort("_id", 1)
    return [{"id": t["_id"], "name": t.get("name") or t["_id"]} for t in tenants if roles_for(person, t["_id"])]


def _grant():
    """The validated OAuth request, or an OAuth2Error to show (never to redirect with)."""
    grant = current_app.extensions["kefu.oauth"].get_consent_grant(end_user=None)
    data = grant.request.payload.data
    if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
        raise InvalidGrantError("PKCE is required (code_challenge with code_challenge_method=S256).")
    return grant


@sign_in_pages.route("/oauth/authorize", methods=["GET"])
def sign_in_form():
    try:
        _grant()
    except OAuth2Error as error:
        return _fatal(f"登录请求无效：{error.description or error.error}")
    return _page(csrf=secrets.token_urlsafe(24))


@sign_in_pages.route("/oauth/authorize", methods=["POST"])
def sign_in_submit():
    db = current_app.extensions["kefu"].db
    try:
        grant = _grant()
    except OAuth2Error as error:
        return _fatal(f"登录请求无效：{error.description or error.error}")
    csrf = request.form.get("csrf", "")
    if not csrf or not hmac.compare_digest(csrf, request.cookies.get(CSRF_COOKIE, "")):
        return _page(400, csrf=secrets.token_urlsafe(24), error="页面已过期，请重新登录。")
    at = now()
    if request.form.get("step") == "project":
        return _choose_project(db, grant, csrf, at)
    username = request.form.get("username", "")[:64]
    try:
        person = check_sign_in(db, FailureLog(db), username, request.form.get("password", "")[:128], at)
    except LockedOut as error:
        return _page(429, csrf=csrf, username=username, error=f"登录失败次数过多，请 {error.retry_after} 秒后再试。")
    except TooManyAttempts:
        return _page(429, csrf=csrf, username=username, error="登录尝试过于频繁，请稍后再试。")
    except InvalidGrantError:
        return _page(401, csrf=csrf, username=username, error="用户名或密码错误。")
    projects = _projects_of(db, person)
    if not projects:
        return _page(403, csrf=csrf, error="该账号在任何项目中都没有角色，请联系项目经理。")
    ends_at = SESSIONS.session_ends_at(at)
    if len(projects) == 1:
        return _finish(db, grant, person, projects[0]["id"], ends_at)
    pending = secrets.token_urlsafe(32)
    db[PENDING_SIGN_INS].insert_one({"_id": hash_token(pending), "person_id": person["_id"], "csrf": hash_token(csrf),
                                     "session_ends_at": ends_at,
                                     "expires_at": at.replace(microsecond=0) + timedelta(seconds=PENDING_LIFETIME_SECONDS)})
    return _page(csrf=csrf, projects=projects, pending=pending)


def _choose_project(db, grant, csrf: str, at):
    # Single use and bound to this browser: a pending token alone (without the cookie) is worthless.
    pending = db[PENDING_SIGN_INS].find_one_and_delete(
        {"_id": hash_token(request.form.get("pending", "")), "csrf": hash_token(csrf)})
    if pending is None or pending["expires_at"].replace(tzinfo=None) <= at.replace(tzinfo=None):
        return _page(400, csrf=csrf, error="登录已过期，请重新输入用户名和密码。")
    person = db[STAFF].find_one({"_id": pending["person_id"], "disabled": {"$ne": True}})
    chosen = request.form.get("project", "")
    if person is None or chosen not in {p["id"] for p in _projects_of(db, person)}:
        return _page(403, csrf=csrf, error="无法进入该项目。")
    return _finish(db, grant, person, chosen, pending["session_ends_at"])


def _finish(db, grant, person: dict, tenant_id: str, ends_at):
    user = _staff_user(db, grant.client, person, tenant_id)
    user.session_ends_at = ends_at
    response = current_app.extensions["kefu.oauth"].create_authorization_response(grant_user=user, grant=grant)
    response.delete_cookie(CSRF_COOKIE, path="/oauth/authorize")
    return response

