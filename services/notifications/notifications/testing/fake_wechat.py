"""A fake WeChat official-account API: ``/cgi-bin/stable_token`` and ``/cgi-bin/message/template/send``,
answering with WeChat's errcode/errmsg bodies (always HTTP 200)."""
from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qs

from .fake_http import FakeProviderServer, FakeRequest

TOKEN_SECONDS = 7200


@dataclass(frozen=True)
class WeChatReceived:
    openid: str
    template: str
    params: dict[str, str]   # data flattened: {name: value}
    url: str | None
    client_msg_id: str | None


class FakeWeChat(FakeProviderServer):
    def __init__(self, app_id: str = "wx0123456789abcdef", app_secret: str = "fake-wechat-secret",
                 templates: tuple[str, ...] = ("ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY",),
                 subscribers: set[str] | None = None):
        super().__init__()
        self.app_id = app_id
        self.app_secret = app_secret
        self.templates = set(templates)
        self.subscribers = subscribers      # None: every well-formed openid follows the account
        self.token_requests: list[bool] = []  # force_refresh of each accepted stable_token call
        self._token: str | None = None
        self._token_expires_at = 0.0
        self._token_lock = threading.Lock()

    def throttle_next(self, count: int = 1) -> None:
        self.fail_next(count, 45009, "reach max api daily quota limit")

    def expire_token(self) -> None:
        """The current token answers 42001 from now on, as when its 2 hours are over."""
        with self._token_lock:
            self._token_expires_at = 0.0

    def handle(self, request: FakeRequest) -> tuple[int, dict]:
        if request.method != "POST":
            return 200, _err(43002, "require POST method")
        try:
            body = json.loads(request.body)
        except ValueError:
            return 200, _err(47001, "data format error")
        if request.path == "/cgi-bin/stable_token":
            return 200, self._stable_token(body)
        if request.path == "/cgi-bin/message/template/send":
            return 200, self._template_send(parse_qs(request.query).get("access_token", [""])[0], body)
        return 200, _err(-1, "system error")  # what WeChat answers on an unknown path under /cgi-bin

    def _stable_token(self, body: dict) -> dict:
        if body.get("grant_type") != "client_credential":
            return _err(40002, "invalid grant_type")
        if body.get("appid") != self.app_id:
            return _err(40013, "invalid appid")
        if body.get("secret") != self.app_secret:
            return _err(40125, "invalid appsecret")
        force = bool(body.get("force_refresh"))
        with self._token_lock:
            self.token_requests.append(force)
            # Normal mode hands out the token still valid; force_refresh makes a new one and ends the old one.
            if force or self._token is None or time.monotonic() >= self._token_expires_at:
                self._token = secrets.token_urlsafe(48)
                self._token_expires_at = time.monotonic() + TOKEN_SECONDS
            return {"access_token": self._token, "expires_in": int(self._token_expires_at - time.monotonic())}

    def _template_send(self, token: str, body: dict) -> dict:
        if not token:
            return _err(41001, "access_token missing")
        with self._token_lock:
            if token != self._token:
                return _err(40001, "invalid credential, access_token is invalid or not latest")
            if time.monotonic() >= self._token_expires_at:
                return _err(42001, "access_token expired")
        openid, template = body.get("touser", ""), body.get("template_id", "")
        if not (isinstance(openid, str) and 20 <= len(openid) <= 40 and openid.replace("-", "").replace("_", "").isalnum()):
            return _err(40003, "invalid openid")
        if template not in self.templates:
            return _err(40037, "invalid template_id")
        data = body.get("data")
        if not isinstance(data, dict) or not all(isinstance(v, dict) and isinstance(v.get("value"), str)
                                                 for v in data.values()):
            return _err(47003, "argument invalid! data.value invalid")
        fault = self.take_fault()
        if fault:
            return _err(int(fault.code), fault.message or "error")
        if self.subscribers is not None and openid not in self.subscribers:
            return _err(43004, "require subscribe")
        number = self.accept(WeChatReceived(openid, template, {k: v["value"] for k, v in data.items()},
                                            body.get("url"), body.get("client_msg_id")))
        return {"errcode": 0, "errmsg": "ok", "msgid": 200228332000 + number}


def _err(errcode: int, errmsg: str) -> dict:
    return {"errcode": errcode, "errmsg": f"{errmsg} rid: {secrets.token_hex(12)}"}
