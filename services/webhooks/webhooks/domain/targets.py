"""Which URLs a subscription may point at, and which address a delivery may connect to.

Deliveries are made from inside our network, so by default only globally routable addresses may be
called; anything else (loopback, private, link-local, carrier-grade NAT such as Alibaba Cloud's metadata
service at 100.100.100.200, multicast, reserved...) would let a webhook probe internal services. Local
development and tests can allow private targets explicitly.

The check runs twice: when the subscription is made (a helpful 422) and again at every delivery, because
a DNS name can answer a public address at subscribe time and 127.0.0.1 a minute later (DNS rebinding).
The sender then connects to exactly the address checked here, never resolving the name a second time.

Pure: the resolver is passed in, so nothing here touches the network.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# resolve(host, port) -> the IP addresses (as strings) the host name answers; raises ResolutionFailed.
Resolver = Callable[[str, int], Iterable[str]]

DEFAULT_PORTS = {"http": 80, "https": 443}
# A host name as it goes on the wire (after IDNA): letters, digits, '-', '_' and dots. Anything else could
# not be resolved anyway, and refusing it here keeps odd characters out of the Host header and SNI.
_HOST_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,253}$")
# RFC 6052 well-known NAT64 prefix: a DNS64 resolver answers 64:ff9b::a.b.c.d for an IPv4-only name and the
# NAT64 gateway connects to a.b.c.d, so a.b.c.d is the address that must be public.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

NOT_PUBLIC = "The URL points at a private, local or otherwise non-public address."


class ResolutionFailed(Exception):
    """Raised by a resolver when the host name does not resolve."""


class TargetRefused(Exception):
    """The URL may not receive deliveries; the message says why, in words a user can act on."""


@dataclass(frozen=True)
class Target:
    """A webhook URL taken apart into what a connection needs."""

    scheme: str
    host: str  # ASCII host name or IP literal (no brackets): resolved, and sent as SNI and in Host
    port: int
    path: str  # path and query, never empty

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


@dataclass(frozen=True)
class PinnedTarget:
    """A target and the address, checked, that a delivery must connect to."""

    target: Target
    address: str


def parse_target(url: str) -> Target:
    """The parts of an absolute http(s) URL; TargetRefused for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for "abc" or 99999
    except ValueError:
        raise TargetRefused("Use an absolute http(s) URL with a port from 1 to 65535.") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise TargetRefused("Use an absolute http(s) URL.")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused("Do not put credentials in the URL; verify our signature instead.")
    if port == 0:
        raise TargetRefused("Use an absolute http(s) URL with a port from 1 to 65535.")
    return Target(parts.scheme, _wire_host(parts.hostname), port or DEFAULT_PORTS[parts.scheme],
                  (parts.path or "/") + (f"?{parts.query}" if parts.query else ""))


def _wire_host(hostname: str) -> str:
    try:
        return str(ipaddress.ip_address(hostname))
    except ValueError:
        pass
    try:
        ascii_host = hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise TargetRefused("The host name is not valid.") from None
    if not _HOST_NAME.match(ascii_host):
        raise TargetRefused("The host name is not valid.")
    return ascii_host


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address really reaches, when it carries one (mapped, 6to4, NAT64)."""
    if ip.ipv4_mapped is not None:  # ::ffff:10.0.0.1 is 10.0.0.1 on a dual-stack socket
        return ip.ipv4_mapped
    if ip.sixtofour is not None:  # 2002:0a00:0001:: is routed to 10.0.0.1 by a 6to4 relay
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str) -> bool:
    """True only for a globally routable unicast address, judged on the IPv4 host it embeds if any."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # a zone id (fe80::1%eth0) is link-local anyway
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
        elif ip.is_site_local:  # fec0::/10, deprecated but still routed inside some networks
            return False
    # is_global alone is not enough on Python 3.11: it counts multicast (224.0.0.1, ff0e::1) and the
    # IPv4-compatible ::a.b.c.d as global; is_reserved also covers 240/4 and unassigned IPv6 space.
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def _addresses(target: Target, resolve: Resolver) -> list[str]:
    try:
        addresses = list(dict.fromkeys(resolve(target.host, target.port)))
    except ResolutionFailed:
        raise TargetRefused("The host name does not resolve.") from None
    if not addresses:
        raise TargetRefused("The host name does not resolve.")
    return addresses


def pin_target(url: str, *, allow_private: bool, resolve: Resolver) -> PinnedTarget:
    """Resolve the URL's host once and choose the address to connect to.

    Every address the name answers must be public (unless private targets are allowed), so a name that
    mixes a public and a private answer is refused rather than left to chance.
    """
    target = parse_target(url)
    addresses = _addresses(target, resolve)
    if not allow_private and not all(is_public_address(a) for a in addresses):
        raise TargetRefused(NOT_PUBLIC)
    return PinnedTarget(target, addresses[0])


def url_problem(url: str, *, allow_private: bool, resolve: Resolver) -> str | None:
    """None when `url` may receive deliveries, otherwise the reason it may not (checked at subscribe time).

    With private targets allowed the name is not resolved: a local receiver may not be up yet.
    """
    try:
        if allow_private:
            parse_target(url)
        else:
            pin_target(url, allow_private=False, resolve=resolve)
    except TargetRefused as refused:
        return str(refused)
    return None
