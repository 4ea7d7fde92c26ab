"""WeChat official-account template messages (微信公众号模板消息).

``POST /cgi-bin/message/template/send?access_token=…``; the access token comes from
``/cgi-bin/stable_token`` rather than ``/cgi-bin/token``: with stable_token, a worker that fetches a
token does not invalidate the one another worker process is still using. Plain HTTP over requests
(there is no official Python SDK; wechatpy would add a dependency for two calls).
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

from .base import Outcome, Outgoing
from .http import ProviderUnreachable, json_body, post, server_error, unreachable

TOKEN_INVALID = {40001, 40014, 42001}          # invalid, not the latest, or expired: refresh once and resend
RETRY_LATER = {-1, 45009, 45011, 45047}         # system busy, daily/minute quota, per-user send limit
TOKEN_MARGIN_SECONDS = 300                      # refresh this long before expires_in runs out
JSON = {"Content-Type": "application/json; charset=utf-8"}


def status_for_errcode(errcode: int) -> str:
    """"retry" or "failed" for a WeChat errcode. Unsubscribed (43004), bad openid (40003), bad template
    (40037), bad arguments (47003) and bad credentials (40013, 40125, 40164 IP not allowed) are permanent."""
    return "retry" if errcode in RETRY_LATER or errcode in TOKEN_INVALID else "failed"


class TokenUnavailable(Exception):
    def __init__(self, outcome: Outcome):
        super().__init__(outcome.detail)
        self.outcome = outcome


class AccessTokenCache:
    """One access token per process, shared by threads, kept until TOKEN_MARGIN_SECONDS before it expires."""

    def __init__(self, fetch: Callable[[bool], tuple[str, float]], clock: Callable[[], float] = time.monotonic):
        self._fetch = fetch      # fetch(force_refresh) -> (token, expires_in seconds); raises TokenUnavailable
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._fresh_until = 0.0

    def get(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._fresh_until:
                self._store(*self._fetch(False))
            return self._token

    def refresh(self, rejected: str) -> str:
        """A new token after WeChat rejected ``rejected``; if another thread already replaced it, that one."""
        with self._lock:
            if self._token == rejected or self._token is None:
                self._token = None  # a failed refresh must not leave the rejected token cached
                self._store(*self._fetch(True))
            return self._token

    def _store(self, token: str, expires_in: float) -> None:
        self._token = token
        self._fresh_until = self._clock() + max(0.0, expires_in - TOKEN_MARGIN_SECONDS)


class WeChatTemplate:
    name = "wechat_template"
    kind = "wechat"

    def __init__(self, app_id: str, app_secret: str, api_base: str = "https://api.weixin.qq.com"):
        self._app_id = app_id
        self._app_secret = app_secret
        self._api_base = api_base.rstrip("/")
        self.tokens = AccessTokenCache(self._fetch_token)

    def send(self, message: Outgoing) -> Outcome:
        try:
            token = self.tokens.get()
            answer = self._send_with(token, message)
            if answer.get("errcode") in TOKEN_INVALID:
                token = self.tokens.refresh(rejected=token)
                answer = self._send_with(token, message)
        except TokenUnavailable as exc:
            return exc.outcome
        except ProviderUnreachable as exc:
            return unreachable("WeChat", exc)
        except _ServerError as exc:
            return exc.outcome
        errcode = answer.get("errcode", 0)
        if errcode == 0:
            return Outcome("sent", provider_message_id=str(answer.get("msgid")))
        return Outcome(status_for_errcode(errcode), code=str(errcode),
                       detail=f"WeChat refused the template message: {answer.get('errmsg', '')}"[:200])

    def _send_with(self, token: str, message: Outgoing) -> dict:
        body = {"touser": message.address, "template_id": message.template,
                "data": {name: {"value": value} for name, value in message.params.items()},
                # WeChat sends one message per openid + client_msg_id (for 10 minutes): a resend is not doubled.
                "client_msg_id": message.delivery_id}
        if message.url:
            body["url"] = message.url
        return self._post(f"/cgi-bin/message/template/send?access_token={token}", body)

    def _fetch_token(self, force_refresh: bool) -> tuple[str, float]:
        try:
            answer = self._post("/cgi-bin/stable_token", {"grant_type": "client_credential", "appid": self._app_id,
                                                          "secret": self._app_secret, "force_refresh": force_refresh})
        except ProviderUnreachable as exc:
            raise TokenUnavailable(Outcome("retry", detail=f"WeChat access token unavailable: {exc}")) from exc
        except _ServerError as exc:
            raise TokenUnavailable(exc.outcome) from exc
        if "access_token" not in answer:
            errcode = answer.get("errcode", -1)
            raise TokenUnavailable(Outcome(
                "retry" if errcode in RETRY_LATER else "failed", code=str(errcode),
                detail=f"WeChat refused the access token request: {answer.get('errmsg', '')}"[:200]))
        return answer["access_token"], float(answer.get("expires_in", 7200))

    def _post(self, path: str, body: dict) -> dict:
        response = post(self._api_base + path, json.dumps(body, ensure_ascii=False).encode(), JSON)
        if response.status_code >= 500:
            raise _ServerError(server_error("WeChat", response))
        return json_body(response)


class _ServerError(Exception):
    def __init__(self, outcome: Outcome):
        super().__init__(outcome.detail)
        self.outcome = outcome
