"""Where a request comes from, for limits on failed sign-ins.

The limits key on the client's network address. Run directly, that is the socket's peer. Behind
the gateway every request would seem to come from the gateway, so one attacker would throttle
everybody: set TRUSTED_PROXIES to the number of proxies in front of identity (1 behind the
gateway) and the address is taken from X-Forwarded-For, counting that many hops from the right,
which is the hop the nearest trusted proxy saw. Leave it 0 (the default) when identity is
reachable without a proxy, or clients could name any address they like.
"""
from __future__ import annotations

import os

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

UNKNOWN = "unknown"


def trusted_proxies() -> int:
    value = os.environ.get("TRUSTED_PROXIES", "").strip() or "0"
    count = int(value)
    if count < 0:
        raise ValueError("TRUSTED_PROXIES must be 0 or more")
    return count


def install_proxy_fix(app: Flask) -> None:
    count = trusted_proxies()
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count)


def source_address() -> str:
    """The current request's client address (as ProxyFix left it), bounded so it is safe as a key."""
    return (request.remote_addr or UNKNOWN)[:64]
