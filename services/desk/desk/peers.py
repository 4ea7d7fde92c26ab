"""identity and billing as the move-in flow reaches them: their REST APIs, called with the signed-in person's own
bearer token, so each service applies its own rules to that person (a CS clerk may record documents and read
charges; a security guard at the desk may not) and writes the person, not "desk", into its audit trail. desk never
reads their databases and keeps no credentials of its own for them (see the README's decision).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import requests
from kefulib.problems import Conflict, Forbidden, ProblemError, Unprocessable

TIMEOUT_SECONDS = 5
PAGE_SIZE = 100


class PeerUnavailable(ProblemError):
    """identity or billing did not answer (down, slow, 5xx): nothing was recorded by desk; try again."""
    status, title, slug = 503, "Service Unavailable", "peer-unavailable"


class Peers:
    def __init__(self, identity_url: str, billing_url: str, authorization: str, http: requests.Session | None = None):
        self.urls = {"identity": identity_url, "billing": billing_url}
        self.authorization = authorization
        self.http = http or requests.Session()

    def _call(self, service: str, method: str, path: str, *, expect=(200,), headers=None, **kwargs) -> dict:
        try:
            response = self.http.request(method, self.urls[service] + path, timeout=TIMEOUT_SECONDS,
                                         headers={"Authorization": self.authorization, **(headers or {})}, **kwargs)
        except requests.RequestException as error:
            raise PeerUnavailable(f"{service} is unreachable ({type(error).__name__}); nothing was recorded.",
                                  reason_code=f"{service}_unavailable") from error
        if response.status_code in expect:
            return response.json()
        if response.status_code in (401, 403):
            raise Forbidden(f"{service} refused you this ({response.status_code}): your roles may not do it there.",
                            reason_code=f"{service}_refused")
        if response.status_code == 404:
            raise Conflict(f"{service} does not know this unit or record.", reason_code=f"{service}_not_found")
        if response.status_code == 422:
            errors = (response.json() or {}).get("errors") or {}
            raise Unprocessable(f"{service} did not accept these fields: {', '.join(sorted(errors)) or 'unknown'}.",
                                errors=errors)
        if response.status_code == 409:
            body = response.json() or {}
            raise Conflict(body.get("detail") or f"{service} refused it.",
                           reason_code=f"{service}_{body.get('reason_code', 'conflict')}")
        raise PeerUnavailable(f"{service} answered HTTP {response.status_code}; nothing was recorded.",
                              reason_code=f"{service}_unavailable")

    # ---------------------------------------------------------------- identity: checklists (ID-4), owner (ID-3)

    def move_in_checklist(self, unit_id: str) -> dict:
        """The unit's move-in checklist: codes received and the items still missing (all of them when the unit's
        checklist was never opened)."""
        unit = self._call("identity", "GET", f"/units/{_quote(unit_id)}/checklists")
        for checklist in unit.get("checklists", []):
            if checklist["kind"] == "move_in":
                return {"received": checklist["received"], "missing": checklist["missing"]}
        catalogue = self._call("identity", "GET", "/checklists")
        return {"received": [], "missing": _catalogue_items(catalogue, "move_in")}

    def mark_received(self, unit_id: str, codes: list[str]) -> dict:
        self._call("identity", "POST", f"/units/{_quote(unit_id)}/checklists/move_in", json={"received": codes})
        return self.move_in_checklist(unit_id)

    def record_owner(self, unit_id: str, form: dict, since: date, idempotency_key: str) -> dict:
        """The 业主登记表 into identity's owner archive; the key makes a retried step record the owner once."""
        return self._call("identity", "POST", f"/units/{_quote(unit_id)}/owner", expect=(200, 201),
                          headers={"Idempotency-Key": idempotency_key}, json={**form, "since": since.isoformat()})

    def current_owner_id(self, unit_id: str) -> str | None:
        """The unit's current owner archive id, from the ownership history (ids and dates only, no personal data)."""
        history = self._call("identity", "GET", f"/units/{_quote(unit_id)}/owner/history")
        current = [period for period in history.get("items", []) if period.get("valid_until") is None]
        return current[-1]["owner_id"] if current else None

    # ---------------------------------------------------------------- billing: the unit's charges

    def unit_charges(self, unit_id: str) -> list[dict]:
        """Every charge of the unit with its balance (the list has none; each open charge is read for it)."""
        charges = []
        for charge in self._pages("billing", "/charges", {"unit_id": unit_id}):
            if charge.get("status") == "open":
                charge = self._call("billing", "GET", f"/charges/{_quote(charge['id'])}")
            charges.append(charge)
        return charges

    def _pages(self, service: str, path: str, params: dict) -> Iterator[dict]:
        page = 1
        while True:
            answer = self._call(service, "GET", path, params={**params, "page": page, "page_size": PAGE_SIZE})
            yield from answer["items"]
            if page * PAGE_SIZE >= answer["total"]:
                return
            page += 1


def _catalogue_items(catalogue: dict, kind: str) -> list[dict]:
    for checklist in catalogue["checklists"]:
        if checklist.get("kind") == kind:
            return [{"code": i["code"], "title_zh": i["title_zh"]} for i in checklist["items"]
                    if not i.get("required_when")]
    return []


def _quote(segment: str) -> str:
    return requests.utils.quote(segment, safe="")
