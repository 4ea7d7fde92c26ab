"""A ticket's customer contact, read from ticketing when a message is due (NT-1): this service's own HQ client
(client credentials at identity, scope `ticketing:contact`) calls `GET /hq/tickets/{id}/contact`, which ticketing
keeps in its audit trail. Nothing here stores the contact: the sender uses it for one message and drops it.
"""
from __future__ import annotations

import threading
import time

import requests

from .config import NotificationsConfig

TIMEOUT_SECONDS = 5
TOKEN_MARGIN_SECONDS = 60  # fetch a new token a minute before the old one would expire


class ContactUnavailable(Exception):
    """ticketing or identity could not answer now (down, slow, credentials refused): try again later."""


class TicketContacts:
    def __init__(self, config: NotificationsConfig, http: requests.Session | None = None):
        self.config = config
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
                                                                       "scope": "ticketing:contact"},
                                          auth=(self.config.client_id, self.config.client_secret),
                                          timeout=TIMEOUT_SECONDS)
            except requests.RequestException as error:
                raise ContactUnavailable(f"identity unreachable: {type(error).__name__}") from error
            if response.status_code != 200:
                raise ContactUnavailable(f"identity refused this service's client: HTTP {response.status_code}")
            answer = response.json()
            self._token, self._token_expires = answer["access_token"], time.monotonic() + answer["expires_in"]
            return self._token

    def fetch(self, project: str, ticket_id: str) -> dict | None:
        """The ticket's contact (caller_name, callback_phone, title, kind, category), or None if it has gone."""
        if not self.configured:
            raise ContactUnavailable("NOTIFICATIONS_CLIENT_ID / NOTIFICATIONS_CLIENT_SECRET are not set")
        for attempt in (1, 2):
            try:
                response = self.http.get(f"{self.config.ticketing_url}/hq/tickets/{ticket_id}/contact",
                                         params={"project": project, "purpose": "customer_notification"},
                                         headers={"Authorization": f"Bearer {self._access_token()}"},
                                         timeout=TIMEOUT_SECONDS)
            except requests.RequestException as error:
                raise ContactUnavailable(f"ticketing unreachable: {type(error).__name__}") from error
            if response.status_code == 401 and attempt == 1:  # a token revoked or from a rotated key: once more
                with self._lock:
                    self._token = None
                continue
            if response.status_code == 404:
                return None
            if response.status_code != 200:
                raise ContactUnavailable(f"ticketing answered HTTP {response.status_code}")
            return response.json()
        raise ContactUnavailable("ticketing refused this service's token")
