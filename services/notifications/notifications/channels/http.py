"""HTTP plumbing the provider adapters share: one timeout, and the network's failures turned into a
"retry" Outcome, so no adapter lets a requests exception escape ``send``."""
from __future__ import annotations

import requests

from .base import Outcome

TIMEOUT_SECONDS = 10.0  # connect and read: a stuck provider must not hold a delivery worker


class ProviderUnreachable(Exception):
    """The request did not get an answer we can read (timeout, refused, reset, garbled body)."""


def post(url: str, body: bytes, headers: dict[str, str], timeout: float = TIMEOUT_SECONDS) -> requests.Response:
    try:
        return requests.post(url, data=body, headers=headers, timeout=timeout, allow_redirects=False)
    except requests.Timeout as exc:
        raise ProviderUnreachable("timed out") from exc
    except requests.RequestException as exc:
        raise ProviderUnreachable(type(exc).__name__) from exc


def json_body(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError as exc:
        raise ProviderUnreachable(f"HTTP {response.status_code} with a body that is not JSON") from exc
    if not isinstance(body, dict):
        raise ProviderUnreachable(f"HTTP {response.status_code} with a JSON body that is not an object")
    return body


def retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None


def unreachable(provider: str, exc: ProviderUnreachable) -> Outcome:
    return Outcome("retry", detail=f"{provider} unreachable: {exc}")


def server_error(provider: str, response: requests.Response, code: str | None = None) -> Outcome:
    return Outcome("retry", code=code, detail=f"{provider} answered HTTP {response.status_code}",
                   retry_after=retry_after(response))
