"""The console's settings, from the environment (see the README's configuration table)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

WEB_DIST = Path(__file__).resolve().parents[1] / "web" / "dist"


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if default is None:
        raise RuntimeError(f"{name} must be set (the console cannot start without it)")
    return default


@dataclass(frozen=True)
class ConsoleSettings:
    public_url: str              # where browsers reach the console; the OAuth redirect URI is derived from it
    identity_url: str            # identity as the browser reaches it (the sign-in page) and as we do
    service_urls: dict
    client_id: str
    client_secret: str
    mongo_url: str
    mongo_db: str
    amqp_url: str
    event_exchange: str
    queue_expires_ms: int | None = None
    web_dist: Path = WEB_DIST
    export_dir: Path | None = None  # where XLSX exports are written; every console process must see it

    @property
    def redirect_uri(self) -> str:
        return self.public_url.rstrip("/") + "/auth/callback"

    @property
    def secure_cookies(self) -> bool:
        # Behind https the cookie must never travel in clear; plain http only on a developer's machine.
        return self.public_url.startswith("https://")

    @classmethod
    def from_env(cls) -> ConsoleSettings:
        identity = _env("IDENTITY_URL", "http://127.0.0.1:8001")
        expires = os.environ.get("QUEUE_EXPIRES_MS", "").strip()
        return cls(
            public_url=_env("CONSOLE_PUBLIC_URL", "http://127.0.0.1:8010"), identity_url=identity,
            service_urls={"identity": identity, "ticketing": _env("TICKETING_URL", "http://127.0.0.1:8002"),
                          "visits": _env("VISITS_URL", "http://127.0.0.1:8003"),
                          "billing": _env("BILLING_URL", "http://127.0.0.1:8004"),
                          "notifications": _env("NOTIFICATIONS_URL", "http://127.0.0.1:8006"),
                          "desk": _env("DESK_URL", "http://127.0.0.1:8007"),
                          "renovation": _env("RENOVATION_URL", "http://127.0.0.1:8008")},
            client_id=_env("CONSOLE_CLIENT_ID"), client_secret=_env("CONSOLE_CLIENT_SECRET"),
            mongo_url=_env("MONGO_URL", "mongodb://127.0.0.1:27017/?directConnection=true"),
            mongo_db=_env("MONGO_DB", "kefu_console"),
            amqp_url=_env("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"),
            event_exchange=_env("EVENT_EXCHANGE", "kefu.events"), queue_expires_ms=int(expires) if expires else None,
            export_dir=Path(os.environ["CONSOLE_EXPORT_DIR"]) if os.environ.get("CONSOLE_EXPORT_DIR") else None)
