"""A fake Tencent Cloud SMS endpoint (SendSms 2021-01-11) that checks each request as the "签名方法 v3"
document says, with its own implementation of TC3-HMAC-SHA256, and answers like Tencent: HTTP 200,
``Response.Error`` for a refused request, ``SendStatusSet[].Code`` per number."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from .fake_http import FakeProviderServer, FakeRequest

_AUTHORIZATION = re.compile(r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/([a-z]+)/tc3_request, "
                            r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})")
CLOCK_SKEW_SECONDS = 300  # "请求的时间戳与服务器时间相差不能超过五分钟" → AuthFailure.SignatureExpire
# Codes that Tencent reports per number (in SendStatusSet) rather than for the whole request.
PER_NUMBER_PREFIXES = ("LimitExceeded.", "InvalidParameterValue.IncorrectPhoneNumber",
                       "FailedOperation.PhoneNumberInBlacklist", "FailedOperation.ContainSensitiveWord")


@dataclass(frozen=True)
class TencentSmsReceived:
    phone: str          # as in PhoneNumberSet (E.164)
    sign_name: str
    template: str
    params: list[str]
    session_context: str | None


def tc3_signature(secret_key: str, request: FakeRequest, date: str, service: str, signed: list[str]) -> str:
    canonical_headers = "".join(f"{name}:{request.headers.get(name, '').strip().lower()}\n" for name in signed)
    canonical_request = (f"{request.method}\n{request.path}\n{request.query}\n{canonical_headers}\n"
                         f"{';'.join(signed)}\n{hashlib.sha256(request.body).hexdigest()}")
    string_to_sign = (f"TC3-HMAC-SHA256\n{request.headers.get('x-tc-timestamp')}\n{date}/{service}/tc3_request\n"
                      f"{hashlib.sha256(canonical_request.encode()).hexdigest()}")
    key = ("TC3" + secret_key).encode()
    for part in (date, service, "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


class FakeTencentSms(FakeProviderServer):
    def __init__(self, secret_id: str = "AKIDFakeSecretId", secret_key: str = "fake-tencent-secret",
                 sdk_app_id: str = "1400006666", sign_names: tuple[str, ...] = ("物业客服",),
                 templates: dict[str, int] | None = None):
        super().__init__()
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.sdk_app_id = sdk_app_id
        self.sign_names = set(sign_names)
        self.templates = templates if templates is not None else {"449739": 2}  # template id → parameter count

    def throttle_next(self, count: int = 1) -> None:
        self.fail_next(count, "LimitExceeded.PhoneNumberThirtySecondLimit", "单个手机号30秒内下发短信条数超过设定的上限")

    def handle(self, request: FakeRequest) -> tuple[int, dict]:
        refusal = self._check_request(request)
        if refusal:
            return 200, _error(*refusal)
        try:
            params = json.loads(request.body)
        except ValueError:
            return 200, _error("InvalidParameter", "The request body is not valid JSON.")
        for name in ("PhoneNumberSet", "SmsSdkAppId", "TemplateId"):
            if not params.get(name):
                return 200, _error("MissingParameter", f"The request is missing a required parameter `{name}`.")
        if params["SmsSdkAppId"] != self.sdk_app_id:
            return 200, _error("UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verify fail.")
        if params.get("SignName") not in self.sign_names:
            return 200, _error("FailedOperation.SignatureIncorrectOrUnapproved", "signature unapproved or not exist")
        if params["TemplateId"] not in self.templates:
            return 200, _error("FailedOperation.TemplateIncorrectOrUnapproved", "template unapproved or not exist")
        template_params = params.get("TemplateParamSet") or []
        if len(template_params) != self.templates[params["TemplateId"]]:
            return 200, _error("FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
                               "request content does not match the template content")
        fault = self.take_fault()
        if fault and not str(fault.code).startswith(PER_NUMBER_PREFIXES):
            return fault.http_status, _error(str(fault.code), fault.message or str(fault.code))
        statuses = [self._send_one(phone, params, template_params, fault) for phone in params["PhoneNumberSet"]]
        return 200, {"Response": {"SendStatusSet": statuses, "RequestId": str(uuid.uuid4())}}

    def _check_request(self, request: FakeRequest) -> tuple[str, str] | None:
        headers = request.headers
        if request.method != "POST" or request.path != "/":
            return "UnsupportedOperation", "Only POST / is served here."
        if headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return "InvalidParameter", "Content-Type must be application/json."
        if headers.get("x-tc-action") != "SendSms":
            return "InvalidAction", "The action requested does not exist."
        if headers.get("x-tc-version") != "2021-01-11":
            return "NoSuchVersion", "The requested version does not exist."
        if not headers.get("x-tc-region"):
            return "MissingParameter", "The request is missing a required parameter `Region`."
        timestamp = headers.get("x-tc-timestamp", "")
        if not timestamp.isdigit():
            return "MissingParameter", "The request is missing a required parameter `Timestamp`."
        if abs(time.time() - int(timestamp)) > CLOCK_SKEW_SECONDS:
            return "AuthFailure.SignatureExpire", "Signature expired, the timestamp is more than 5 minutes off."
        match = _AUTHORIZATION.fullmatch(headers.get("authorization", ""))
        if not match:
            return "AuthFailure.InvalidAuthorization", "Authorization header is not in the TC3-HMAC-SHA256 format."
        secret_id, date, service, signed, signature = match.groups()
        signed_headers = signed.split(";")
        if not {"content-type", "host"} <= set(signed_headers):
            return "AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host."
        if date != datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%d") or service != "sms":
            return "AuthFailure.SignatureFailure", "The credential scope does not match the timestamp's UTC date."
        if secret_id != self.secret_id:
            return "AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."
        if not hmac.compare_digest(signature, tc3_signature(self.secret_key, request, date, service, signed_headers)):
            return "AuthFailure.SignatureFailure", "The provided credentials could not be validated."
        return None

    def _send_one(self, phone: str, params: dict, template_params: list[str], fault) -> dict:
        status = {"PhoneNumber": phone, "SessionContext": params.get("SessionContext", ""), "IsoCode": "CN", "Fee": 0,
                  "SerialNo": ""}
        if not re.fullmatch(r"\+861\d{10}|\+(?!86)[1-9]\d{6,14}", phone):
            return status | {"Code": "InvalidParameterValue.IncorrectPhoneNumber", "Message": "incorrect number format"}
        if fault:
            return status | {"Code": str(fault.code), "Message": fault.message or str(fault.code)}
        number = self.accept(TencentSmsReceived(phone, params["SignName"], params["TemplateId"], template_params,
                                                params.get("SessionContext")))
        return status | {"Code": "Ok", "Message": "send success", "Fee": 1, "SerialNo": f"2640:85911000{number:08d}"}


def _error(code: str, message: str) -> dict:
    return {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": str(uuid.uuid4())}}
