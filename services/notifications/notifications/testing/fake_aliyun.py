"""A fake Alibaba Cloud SMS endpoint (dysmsapi, SendSms 2017-05-25) that checks each request as the V3
signature document says, with its own implementation of the algorithm, and answers like Aliyun."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import string
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from .fake_http import FakeProviderServer, FakeRequest

_UNRESERVED = set(string.ascii_letters + string.digits + "-_.~")
_AUTHORIZATION = re.compile(r"ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})")
CLOCK_SKEW = timedelta(minutes=15)  # Aliyun refuses an x-acs-date further than this from its clock


@dataclass(frozen=True)
class AliyunSmsReceived:
    phone: str          # PhoneNumbers as sent (Aliyun's format: 11 digits for the mainland)
    sign_name: str
    template: str
    params: dict
    out_id: str | None


def rfc3986(text: str) -> str:
    return "".join(char if char in _UNRESERVED else "".join(f"%{byte:02X}" for byte in char.encode())
                   for char in text)


def expected_signature(secret: str, request: FakeRequest, signed_headers: list[str]) -> str:
    pairs = sorted((rfc3986(k), rfc3986(v)) for k, v in parse_qsl(request.query, keep_blank_values=True))
    lines = [request.method, request.path or "/", "&".join(f"{k}={v}" for k, v in pairs)]
    header_block = "".join(f"{name}:{request.headers.get(name, '').strip()}\n" for name in signed_headers)
    lines += [header_block, ";".join(signed_headers), request.headers.get("x-acs-content-sha256", "")]
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return hmac.new(secret.encode(), f"ACS3-HMAC-SHA256\n{digest}".encode(), hashlib.sha256).hexdigest()


class FakeAliyunSms(FakeProviderServer):
    def __init__(self, access_key_id: str = "LTAI5tFakeKeyId", access_key_secret: str = "fake-aliyun-secret",
                 sign_names: tuple[str, ...] = ("物业客服",), templates: dict[str, tuple[str, ...]] | None = None):
        super().__init__()
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.sign_names = set(sign_names)
        self.templates = templates if templates is not None else {"SMS_154950909": ("code",)}
        self._nonces: set[str] = set()

    def throttle_next(self, count: int = 1) -> None:
        self.fail_next(count, "isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1")

    def handle(self, request: FakeRequest) -> tuple[int, dict]:
        refusal = self._check_request(request)
        if refusal:
            return refusal
        params = dict(parse_qsl(request.query, keep_blank_values=True))
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(request.body.decode(), keep_blank_values=True))
        for name in ("PhoneNumbers", "SignName", "TemplateCode"):
            if not params.get(name):
                return _error(400, f"Missing{name}", f"{name} is mandatory for this action.")
        fault = self.take_fault()
        if fault:
            return fault.http_status, _business(str(fault.code), fault.message or str(fault.code))
        return self._send_sms(params)

    def _check_request(self, request: FakeRequest) -> tuple[int, dict] | None:
        headers = request.headers
        if request.method not in ("POST", "GET") or request.path != "/":
            return _error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
        if headers.get("x-acs-action") != "SendSms":
            return _error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
        if headers.get("x-acs-version") != "2017-05-25":
            return _error(400, "InvalidVersion", "Specified parameter Version is not valid.")
        try:
            sent_at = datetime.strptime(headers.get("x-acs-date", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            return _error(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
        if abs(datetime.now(UTC) - sent_at) > CLOCK_SKEW:
            return _error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
        nonce = headers.get("x-acs-signature-nonce", "")
        if not nonce:
            return _error(400, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.")
        if hashlib.sha256(request.body).hexdigest() != headers.get("x-acs-content-sha256"):
            return _error(400, "SignatureDoesNotMatch", "The request body does not match x-acs-content-sha256.")
        match = _AUTHORIZATION.fullmatch(headers.get("authorization", ""))
        if not match:
            return _error(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
        key_id, signed, signature = match.groups()
        signed_headers = signed.split(";")
        must_sign = {"host"} | {name for name in headers if name.startswith("x-acs-")}
        if "content-type" in headers and request.body:
            must_sign.add("content-type")
        if signed_headers != sorted(signed_headers) or not must_sign <= set(signed_headers):
            return _error(400, "IncompleteSignature", "SignedHeaders must list host, content-type and every x-acs-* header.")
        if key_id != self.access_key_id:
            return _error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if not hmac.compare_digest(signature, expected_signature(self.access_key_secret, request, signed_headers)):
            return _error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
        if nonce in self._nonces:
            return _error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        self._nonces.add(nonce)
        return None

    def _send_sms(self, params: dict[str, str]) -> tuple[int, dict]:
        phone = params["PhoneNumbers"]
        if not re.fullmatch(r"1\d{10}|(?!86)[1-9]\d{6,14}", phone):
            return 200, _business("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        if params["SignName"] not in self.sign_names:
            return 200, _business("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名")
        if params["TemplateCode"] not in self.templates:
            return 200, _business("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板")
        try:
            template_params = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return 200, _business("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
        if not isinstance(template_params, dict) or not all(isinstance(v, str) for v in template_params.values()):
            return 200, _business("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
        if set(self.templates[params["TemplateCode"]]) - set(template_params):
            return 200, _business("isv.TEMPLATE_MISSING_PARAMETERS", "模板缺少变量")
        number = self.accept(AliyunSmsReceived(phone, params["SignName"], params["TemplateCode"], template_params,
                                               params.get("OutId")))
        return 200, {"Code": "OK", "Message": "OK", "BizId": f"90061974693649{number:05d}^0",
                     "RequestId": str(uuid.uuid4()).upper()}


def _business(code: str, message: str) -> dict:
    return {"Code": code, "Message": message, "RequestId": str(uuid.uuid4()).upper()}


def _error(status: int, code: str, message: str) -> tuple[int, dict]:
    return status, {"RequestId": str(uuid.uuid4()).upper(), "HostId": "dysmsapi.aliyuncs.com", "Code": code,
                    "Message": message, "Recommend": f"https://api.aliyun.com/troubleshoot?q={code}&product=Dysmsapi"}
