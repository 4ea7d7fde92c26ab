"""Tencent Cloud SMS (腾讯云短信): ``SendSms`` of API version 2021-01-11, signed with TC3-HMAC-SHA256.

A thin client over the documented HTTP API rather than ``tencentcloud-sdk-python``: the SDK is a
large package (every Tencent Cloud product), raises ``TencentCloudSDKException`` for provider answers,
and has its own retry and credential chain; we need one call with a short timeout that answers an
Outcome. The signature is pinned by the worked example of Tencent Cloud's "签名方法 v3" document
(tests/unit/test_channel_signatures.py).

Tencent answers HTTP 200 for everything it understood: a request-level error is ``Response.Error``,
and each number has its own ``SendStatusSet[].Code`` ("Ok" or an error code) that must be read.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from kefulib.masking import mask_phone

from .base import Outcome, Outgoing
from .http import ProviderUnreachable, json_body, post, server_error, unreachable
from .privacy import scrub

SERVICE = "sms"
ACTION = "SendSms"
API_VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"
SIGNED_HEADERS = ("content-type", "host", "x-tc-action")


def status_for_code(code: str) -> str:
    """"retry" or "failed" for a Tencent error code: limits and internal errors pass, the rest
    (AuthFailure.*, FailedOperation.*, InvalidParameter*, UnauthorizedOperation.*) is permanent."""
    if code.startswith(("LimitExceeded", "RequestLimitExceeded", "InternalError")) or code == "ResourceUnavailable":
        return "retry"
    return "failed"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, *, service: str, host: str, action: str,
                  payload: bytes, timestamp: int, content_type: str = CONTENT_TYPE) -> str:
    """The ``Authorization`` header of a POST to "/" with an empty query string."""
    headers = {"content-type": content_type, "host": host, "x-tc-action": action}
    canonical_request = "\n".join([
        "POST", "/", "",
        # Tencent's canonical headers are lower-cased in name AND value.
        "".join(f"{name}:{headers[name].strip().lower()}\n" for name in SIGNED_HEADERS),
        ";".join(SIGNED_HEADERS),
        hashlib.sha256(payload).hexdigest(),
    ])
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")  # the UTC date, not the local one
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join([ALGORITHM, str(timestamp), scope,
                                hashlib.sha256(canonical_request.encode()).hexdigest()])
    signing_key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    signature = hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return (f"{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders={';'.join(SIGNED_HEADERS)}, "
            f"Signature={signature}")


class TencentSms:
    name = "tencent_sms"
    kind = "sms"

    def __init__(self, secret_id: str, secret_key: str, sdk_app_id: str, sign_name: str,
                 region: str = "ap-guangzhou", endpoint: str = "https://sms.tencentcloudapi.com"):
        self._secret_id = secret_id
        self._secret_key = secret_key
        self._sdk_app_id = sdk_app_id
        self._sign_name = sign_name
        self._region = region
        self._endpoint = endpoint.rstrip("/")

    def send(self, message: Outgoing) -> Outcome:
        payload = json.dumps({
            "PhoneNumberSet": [message.address], "SmsSdkAppId": self._sdk_app_id, "SignName": self._sign_name,
            "TemplateId": message.template, "TemplateParamSet": list(message.params.values()),
            "SessionContext": message.delivery_id,
        }, ensure_ascii=False).encode()
        try:
            response = post(self._endpoint + "/", payload, self._signed_headers(payload))
            if response.status_code >= 500:
                return server_error("Tencent SMS", response)
            answer = json_body(response).get("Response") or {}
        except ProviderUnreachable as exc:
            return unreachable("Tencent SMS", exc)
        who = mask_phone(message.address)
        if "Error" in answer:
            error = answer["Error"]
            return _refused(str(error.get("Code", "")), f"Tencent SMS refused {who}: {error.get('Message', '')}")
        statuses = answer.get("SendStatusSet") or []
        if not statuses:
            return Outcome("retry", detail=f"Tencent SMS answered no SendStatusSet for {who}")
        status = statuses[0]  # one number per request, so one status
        if status.get("Code") == "Ok":
            return Outcome("sent", provider_message_id=status.get("SerialNo"))
        return _refused(str(status.get("Code", "")), f"Tencent SMS refused {who}: {status.get('Message', '')}")

    def _signed_headers(self, payload: bytes) -> dict[str, str]:
        host = urlsplit(self._endpoint).netloc
        timestamp = int(time.time())
        return {
            "Host": host, "Content-Type": CONTENT_TYPE,
            "X-TC-Action": ACTION, "X-TC-Version": API_VERSION, "X-TC-Region": self._region,
            "X-TC-Timestamp": str(timestamp),
            "Authorization": authorization(self._secret_id, self._secret_key, service=SERVICE, host=host,
                                           action=ACTION, payload=payload, timestamp=timestamp),
        }


def _refused(code: str, detail: str) -> Outcome:
    return Outcome(status_for_code(code), code=code or None, detail=scrub(detail))
