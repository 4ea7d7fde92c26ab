"""Which URLs a subscription may point at.

Deliveries are made from inside our network, so by default only public http(s) hosts are allowed
(no loopback, private or link-local addresses), which keeps webhooks from being used to probe
internal services. Local development and tests can allow private targets explicitly.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def url_problem(url: str, *, allow_private: bool, resolve=socket.getaddrinfo) -> str | None:
    """None when `url` may receive deliveries, otherwise the reason it may not."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "Use an absolute http(s) URL."
    if parts.username or parts.password:
        return "Do not put credentials in the URL; verify our signature instead."
    if allow_private:
        return None
    try:
        addresses = {info[4][0] for info in resolve(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        return "The host name does not resolve."
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            return "The URL points at a private or local address."
    return None
