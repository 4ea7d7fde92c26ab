"""This service's own client at identity (client credentials, an HQ client that no person holds), and the one way
it calls another service with it: a token per scope, cached until a minute before it expires, fetched again once
when the other service answers 401 (revoked, or signed with a rotated key).
"""
from __future__ import annotations

import threading
import time

import requests

from .config import NotificationsConfig

TIMEOUT_SECONDS = 5
TOKEN_MARGIN_SECONDS = 60  # fetch a new token a minute before the old one would expire


class ContactUnavailable(Exception):
    """The other service or identity could not answer now (down, slow, credentials refused): try again later."""


class ServiceClient:
    def __init__(self, config: NotificationsConfig, scope: str, http: requests.Session | None = None):
        self.config, self.scope = config, scope
        self.http = http or requests.Session()
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        return bool(self.config.client_id and self.config.client_secret)

    def _access_token(self) -> str:
        with self._lock:
            if self._token and time.monotonic() < self._token_expires - TOKEN_MARGIN_SECONDS:
                return self._token
            try:
                response = self.http.post(self.config.token_url, data={"grant_type": "client_credentials",
                                                                       "scope": self.scope},
                                          auth=(self.config.client_id, self.config.client_secret),
                                          timeout=TIMEOUT_SECONDS)
            except requests.RequestException as error:
                raise ContactUnavailable(f"identity unreachable: {type(error).__name__}") from error
            if response.status_code != 200:
                raise ContactUnavailable(f"identity refused this service's client: HTTP {response.status_code}")
            answer = response.json()
            self._token, self._token_expires = answer["access_token"], time.monotonic() + answer["expires_in"]
            return self._token

    def get(self, url: str, params: dict) -> dict | None:
        """The JSON answer of ``url``, or None if the other service says it has no such thing (404)."""
        if not self.configured:
            raise ContactUnavailable("NOTIFICATIONS_CLIENT_ID / NOTIFICATIONS_CLIENT_SECRET are not set")
        for attempt in (1, 2):
            try:
                response = self.http.get(url, params=params, headers={"Authorization": f"Bearer {self._access_token()}"},
                                         timeout=TIMEOUT_SECONDS)
            except requests.RequestException as error:
                raise ContactUnavailable(f"{url} unreachable: {type(error).__name__}") from error
            if response.status_code == 401 and attempt == 1:
                with self._lock:
                    self._token = None
                continue
            if response.status_code == 404:
                return None
            if response.status_code != 200:
                raise ContactUnavailable(f"{url} answered HTTP {response.status_code}")
            return response.json()
        raise ContactUnavailable(f"{url} refused this service's token")
