"""A ticket's customer contact, read from ticketing when a message is due (NT-1): this service's own HQ client
(client credentials at identity, scope `ticketing:contact`) calls `GET /hq/tickets/{id}/contact`, which ticketing
keeps in its audit trail. Nothing here stores the contact: the sender uses it for one message and drops it.
"""
from __future__ import annotations

import requests

from .config import NotificationsConfig
from .service_client import ContactUnavailable, ServiceClient

__all__ = ["ContactUnavailable", "TicketContacts"]


class TicketContacts:
    def __init__(self, config: NotificationsConfig, http: requests.Session | None = None):
        self.client = ServiceClient(config, "ticketing:contact", http)
        self.config = config

    @property
    def configured(self) -> bool:
        return self.client.configured

    def fetch(self, project: str, ticket_id: str) -> dict | None:
        """The ticket's contact (caller_name, callback_phone, title, kind, category), or None if it has gone."""
        return self.client.get(f"{self.config.ticketing_url}/hq/tickets/{ticket_id}/contact",
                               {"project": project, "purpose": "customer_notification"})
