"""Alibaba Cloud SMS (阿里云短信服务): ``SendSms`` of API version 2017-05-25, signed with the V3
signature ``ACS3-HMAC-SHA256``.

A thin client over the documented HTTP API rather than the official SDK
(``alibabacloud_dysmsapi20170525``): the SDK brings the Tea/Darabonba runtime and its own retry
loop, raises exceptions for business errors and reads credentials from its own chain, whereas the
pipeline needs one call with a short timeout that answers an Outcome and leaves retrying to the
pipeline. The whole signature is ~30 lines, pinned by the worked example of Alibaba Cloud's V3
signature document (tests/unit/test_channel_signatures.py). V3 rather than the RPC V1 HMAC-SHA1
signature: it is the one Alibaba Cloud recommends today, it hashes the request body (so a tampered
body fails), and SHA-1 is not used.

The parameters go in the form-encoded body (allowed for RPC-style APIs); CanonicalURI is "/" and the
CanonicalQueryString is empty, so the body's SHA-256 is what binds them to the signature.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from kefulib.masking import mask_phone

from .base import Outcome, Outgoing
from .http import ProviderUnreachable, json_body, post, server_error, unreachable
from .privacy import scrub

API_VERSION = "2017-05-25"
ALGORITHM = "ACS3-HMAC-SHA256"

# Codes that mean "try again later". Everything else that is not OK is permanent: a wrong number,
# an unapproved sign or template, missing balance or bad credentials do not heal by waiting.
_THROTTLED = {"isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL"}
_TRANSIENT = {"isp.SYSTEM_ERROR", "isv.SYSTEM_ERROR", "isp.RAM_PERMISSION_DENY_TEMPORARY", "ServiceUnavailable",
              "InternalError", "UnknownError"}


def status_for_code(code: str) -> str:
    """"retry" or "failed" for an Aliyun error code (``Code`` of the answer)."""
    if code in _THROTTLED or code.startswith("Throttling") or code in _TRANSIENT:
        return "retry"
    return "failed"


def percent_encode(value: str) -> str:
    """RFC 3986 as the V3 signature wants it: only A-Z a-z 0-9 - _ . ~ stay; space is %20, * is %2A."""
    return quote(value, safe="-_.~")


def canonical_query(params: Mapping[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def authorization(key_id: str, key_secret: str, method: str, query: Mapping[str, str],
                  headers: Mapping[str, str], body: bytes) -> str:
    """The ``Authorization`` header for a request whose signed headers are ``headers`` (host,
    content-type and every x-acs-* header; x-acs-content-sha256 must already be the body's hash)."""
    canonical = {name.lower(): value.strip() for name, value in headers.items()}
    signed_names = sorted(canonical)
    canonical_request = "\n".join([
        method.upper(),
        "/",  # RPC-style APIs are called on the root path
        canonical_query(query),
        "".join(f"{name}:{canonical[name]}\n" for name in signed_names),
        ";".join(signed_names),
        hashlib.sha256(body).hexdigest(),
    ])
    string_to_sign = f"{ALGORITHM}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"
    signature = hmac.new(key_secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"{ALGORITHM} Credential={key_id},SignedHeaders={';'.join(signed_names)},Signature={signature}"


def aliyun_phone_number(e164: str) -> str:
    """Mainland numbers as their 11 digits, others as country code + number (Aliyun's PhoneNumbers)."""
    return e164[3:] if e164.startswith("+86") else e164.lstrip("+")


class AliyunSms:
    name = "aliyun_sms"
    kind = "sms"

    def __init__(self, access_key_id: str, access_key_secret: str, sign_name: str,
                 endpoint: str = "https://dysmsapi.aliyuncs.com"):
        self._key_id = access_key_id
        self._key_secret = access_key_secret
        self._sign_name = sign_name
        self._endpoint = endpoint.rstrip("/")

    def send(self, message: Outgoing) -> Outcome:
        form = {"PhoneNumbers": aliyun_phone_number(message.address), "SignName": self._sign_name,
                "TemplateCode": message.template, "OutId": message.delivery_id,
                "TemplateParam": json.dumps(message.params, ensure_ascii=False, separators=(",", ":"))}
        body = canonical_query(form).encode()
        try:
            response = post(self._endpoint + "/", body, self._signed_headers(body))
            if response.status_code >= 500:
                return server_error("Aliyun SMS", response, _code_of(response))
            answer = json_body(response)
        except ProviderUnreachable as exc:
            return unreachable("Aliyun SMS", exc)
        code = str(answer.get("Code", ""))
        if response.status_code == 200 and code == "OK":
            return Outcome("sent", provider_message_id=answer.get("BizId"))
        return Outcome(status_for_code(code), code=code or None,
                       detail=scrub(f"Aliyun SMS refused {mask_phone(message.address)}: {answer.get('Message', '')}"))

    def _signed_headers(self, body: bytes) -> dict[str, str]:
        headers = {
            "host": urlsplit(self._endpoint).netloc,
            "content-type": "application/x-www-form-urlencoded",
            "x-acs-action": "SendSms",
            "x-acs-version": API_VERSION,
            "x-acs-date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "x-acs-signature-nonce": uuid.uuid4().hex,  # Aliyun refuses a nonce seen within 15 minutes
            "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
        }
        headers["Authorization"] = authorization(self._key_id, self._key_secret, "POST", {}, headers, body)
        headers["Accept"] = "application/json"
        return headers


def _code_of(response) -> str | None:
    try:
        return str(json_body(response).get("Code")) or None
    except ProviderUnreachable:
        return None
