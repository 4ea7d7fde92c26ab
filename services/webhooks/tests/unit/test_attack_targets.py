"""Attacks on the target check, as a pure function with an injected resolver (no network)."""
import pytest
from webhooks.domain import NOT_PUBLIC, ResolutionFailed, TargetRefused, is_public_address, parse_target, pin_target
from webhooks.domain import url_problem as problem_of

URL = "https://hooks.example.com/in"


def answering(*addresses):
    return lambda host, port: list(addresses)


def url_problem(url, resolve, allow_private=False):
    return problem_of(url, allow_private=allow_private, resolve=resolve)


NON_PUBLIC = [
    "100.100.100.200",  # Alibaba Cloud metadata, in carrier-grade NAT 100.64.0.0/10
    "100.64.0.1", "100.127.255.254",  # both ends of 100.64.0.0/10
    "169.254.169.254",  # AWS / GCP / Azure metadata (link-local)
    "127.0.0.1", "127.1.2.3", "0.0.0.0", "10.0.0.1", "172.16.0.1", "192.168.1.1",
    "192.0.0.1", "192.0.2.1", "198.18.0.1", "198.51.100.1", "203.0.113.1",  # special-purpose / documentation
    "224.0.0.1", "239.255.255.250",  # multicast (Python 3.11 counts it "global")
    "240.0.0.1", "255.255.255.255",  # reserved, broadcast
    "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "ff0e::1",
    "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:100.100.100.200", "::ffff:169.254.169.254",  # IPv4-mapped
    "2002:0a00:0001::1", "2002:7f00:0001::", "2002:a9fe:a9fe::1",  # 6to4 embedding 10/8, 127/8, metadata
    "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b::6464:64c8",  # NAT64 embedding 10/8, 127/8, 100.100.100.200
    "64:ff9b:1::a00:1",  # local-use NAT64 prefix
    "::7f00:1",  # IPv4-compatible (deprecated) 127.0.0.1
    "2001:db8::1",  # documentation
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "not an address",
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e",
          "::ffff:8.8.8.8", "2002:0808:0808::1", "64:ff9b::808:808"]


@pytest.mark.parametrize("address", NON_PUBLIC)
def test_attack_non_public_address_is_refused(address):
    assert not is_public_address(address)
    assert url_problem(URL, answering(address)) == NOT_PUBLIC


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_including_embedded_public_ipv4_are_accepted(address):
    assert is_public_address(address)
    assert url_problem(URL, answering(address)) is None


def test_attack_cgnat_metadata_address_is_refused():
    assert url_problem("http://100.100.100.200/latest/meta-data/", answering("100.100.100.200")) == NOT_PUBLIC


def test_attack_name_answering_one_public_and_one_private_address_is_refused():
    assert url_problem(URL, answering("93.184.216.34", "10.0.0.1")) == NOT_PUBLIC


def test_attack_unresolvable_or_empty_answer_is_refused():
    def failing(host, port):
        raise ResolutionFailed("NXDOMAIN")
    assert url_problem(URL, failing) == "The host name does not resolve."
    assert url_problem(URL, answering()) == "The host name does not resolve."


@pytest.mark.parametrize("url", ["https://hooks.example.com:99999/x", "https://hooks.example.com:abc/x",
                                 "https://hooks.example.com:0/x", "https://hooks.example.com:-1/x",
                                 "http://[::1/x"])
def test_attack_malformed_port_is_a_problem_not_a_crash(url):
    assert "port" in url_problem(url, answering("93.184.216.34"), allow_private=True)


@pytest.mark.parametrize("url", ["https://exa mple.com/x", "https://hooks<script>.example.com/x",
                                 "https://a%2fb.example.com/x", "https://" + "a" * 300 + ".com/x"])
def test_attack_host_that_could_not_go_into_a_host_header_is_refused(url):
    assert url_problem(url, answering("93.184.216.34"), allow_private=True) == "The host name is not valid."


def test_the_pinned_address_is_the_checked_one_and_the_name_is_kept_for_host_and_sni():
    asked = []

    def resolve(host, port):
        asked.append((host, port))
        return ["93.184.216.34", "2606:2800:220:1::1"]
    pinned = pin_target("https://Hooks.Example.com:8443/in?x=1#frag", allow_private=False, resolve=resolve)
    assert asked == [("hooks.example.com", 8443)]
    assert pinned.address == "93.184.216.34"
    target = pinned.target
    assert (target.scheme, target.host, target.port, target.path) == ("https", "hooks.example.com", 8443, "/in?x=1")
    assert target.host_header == "hooks.example.com:8443"
    assert parse_target("http://[2606:4700::1]/").host_header == "[2606:4700::1]"
    assert parse_target("https://hooks.example.com/").host_header == "hooks.example.com"


def test_attack_rebinding_at_send_time_is_refused_even_though_the_subscription_was_accepted():
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    def rebinding(host, port):
        return next(answers)
    assert url_problem(URL, rebinding) is None
    with pytest.raises(TargetRefused, match="non-public"):
        pin_target(URL, allow_private=False, resolve=rebinding)


def test_private_targets_when_allowed_are_pinned_too():
    assert pin_target("http://receiver.local:8080/x", allow_private=True, resolve=answering("127.0.0.1")).address \
        == "127.0.0.1"
