"""Settings read from environment variables, with defaults that work on a developer machine."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


#: `KEFU_ENV=development` (set by `make run`, the tests and docker-compose.yml) lets secrets fall back to
#: public development values. Anything else, including unset, is production: a missing secret stops the
#: process at start-up instead of running with a value that is printed in this repository.
DEVELOPMENT = "development"


def environment() -> str:
    return _env("KEFU_ENV", "production")


def is_development() -> bool:
    return environment() == DEVELOPMENT


class MissingSecret(RuntimeError):
    """A secret that production must set is unset; the message names the variable."""


def secret(name: str, *, development_default: str, min_length: int = 16) -> str:
    """The secret in environment variable `name`.

    In development an unset secret falls back to `development_default`; in production it is an error at
    start-up, as is a value shorter than `min_length` characters anywhere.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        if not is_development():
            raise MissingSecret(f"{name} is not set. Set it to a random value of at least {min_length} characters "
                                f"(or KEFU_ENV=development on a developer machine).")
        value = development_default
    if len(value) < min_length:
        raise MissingSecret(f"{name} must be at least {min_length} characters long.")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything a service or worker needs from its environment.

    Each value can be set by the environment variable of the same name in upper case.
    """

    service_name: str
    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongo_db: str = ""
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/%2F"
    event_exchange: str = "kefu.events"
    jwks_url: str = "http://127.0.0.1:8001/.well-known/jwks.json"
    jwt_issuer: str = "http://127.0.0.1:8001"
    jwt_audience: str = "kefu"
    jwks_cache_seconds: int = 300
    log_level: str = "INFO"
    queue_expires_ms: int | None = None
    queue_delivery_limit: int = 100
    metrics_enabled: bool = True
    metrics_port: int = 9100
    extra: dict = field(default_factory=dict)

    @property
    def topology(self):
        from .messaging.topology import Topology
        return Topology(self.event_exchange, self.queue_expires_ms, self.queue_delivery_limit)

    @classmethod
    def from_env(cls, service_name: str, **overrides) -> Settings:
        values = dict(
            service_name=service_name,
            mongo_url=_env("MONGO_URL", cls.mongo_url),
            mongo_db=_env("MONGO_DB", f"kefu_{service_name}"),
            amqp_url=_env("AMQP_URL", cls.amqp_url),
            event_exchange=_env("EVENT_EXCHANGE", cls.event_exchange),
            jwks_url=_env("JWKS_URL", cls.jwks_url),
            jwt_issuer=_env("JWT_ISSUER", cls.jwt_issuer),
            jwt_audience=_env("JWT_AUDIENCE", cls.jwt_audience),
            jwks_cache_seconds=int(_env("JWKS_CACHE_SECONDS", str(cls.jwks_cache_seconds))),
            log_level=_env("LOG_LEVEL", cls.log_level),
            queue_expires_ms=int(os.environ["QUEUE_EXPIRES_MS"]) if os.environ.get("QUEUE_EXPIRES_MS") else None,
            queue_delivery_limit=int(_env("QUEUE_DELIVERY_LIMIT", str(cls.queue_delivery_limit))),
            metrics_enabled=_env("METRICS_ENABLED", "true").lower() not in ("0", "false", "no", "off"),
            metrics_port=int(_env("METRICS_PORT", str(cls.metrics_port))),
        )
        values.update(overrides)
        return cls(**values)
