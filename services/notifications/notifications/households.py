"""Households' contacts, read from identity when a notice, a parcel message or a survey goes out: this service's
own HQ client (scope `identity:households`) calls `GET /hq/households`, which identity logs in the project's access
log page by page. Nothing here keeps the phones beyond the message they are read for.
"""
from __future__ import annotations

from collections.abc import Iterator

import requests

from .config import NotificationsConfig
from .service_client import ContactUnavailable, ServiceClient

__all__ = ["ContactUnavailable", "Households"]

PAGE_SIZE = 1000  # identity's largest page of households


class Households:
    def __init__(self, config: NotificationsConfig, http: requests.Session | None = None):
        self.client = ServiceClient(config, "identity:households", http)
        self.config = config

    @property
    def configured(self) -> bool:
        return self.client.configured

    def page(self, project: str, building: str | None = None, page: int = 1, page_size: int = PAGE_SIZE,
             purpose: str = "customer_notice") -> dict:
        """One page of ``{items: [{unit_id, building, contacts: [{role, name, phone}]}], page, page_size, total}``."""
        params = {"project": project, "purpose": purpose, "page": page, "page_size": page_size}
        if building:
            params["building"] = building
        return self.client.get(f"{self.config.identity_url}/hq/households", params) or {
            "items": [], "page": page, "page_size": page_size, "total": 0}

    def all(self, project: str, building: str | None = None, purpose: str = "customer_notice") -> Iterator[dict]:
        """Every household of the project (or building), page by page."""
        page = 1
        while True:
            answer = self.page(project, building, page, PAGE_SIZE, purpose)
            yield from answer["items"]
            if page * PAGE_SIZE >= answer["total"] or not answer["items"]:
                return
            page += 1

    def of_unit(self, project: str, unit_id: str, purpose: str = "customer_notice") -> dict | None:
        """The unit's household, or None if identity has no such unit."""
        answer = self.client.get(f"{self.config.identity_url}/hq/households",
                                 {"project": project, "unit_id": unit_id, "purpose": purpose})
        items = (answer or {}).get("items") or []
        return items[0] if items else None
