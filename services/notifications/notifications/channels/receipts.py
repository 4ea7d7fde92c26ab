"""Delivery receipts (回执) the SMS providers push to us: which message reached the phone, and when.

Both providers post a JSON array of reports with times in Beijing time and no zone; ``at`` is made
zone-aware here so nobody downstream mistakes it for UTC.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Receipt:
    provider_message_id: str   # Aliyun biz_id, Tencent sid (the SerialNo SendSms answered)
    delivered: bool
    code: str | None           # Aliyun err_code (DELIVERED on success), Tencent errmsg (DELIVRD on success)
    at: datetime | None        # when the phone received it (or the report was made), zone-aware


def parse_receipts(provider: str, body: bytes) -> list[Receipt]:
    """The receipts in an SMS provider's status-report push. ``provider``: "aliyun_sms" or "tencent_sms"
    (the channel names; "aliyun" and "tencent" are accepted too). Raises ValueError on a malformed body."""
    parse_one = _PARSERS.get(provider.removesuffix("_sms"))
    if parse_one is None:
        raise ValueError(f"no receipt format for provider {provider!r}")
    try:
        reports = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{provider} receipt body is not JSON: {exc}") from exc
    if not isinstance(reports, list):
        raise ValueError(f"{provider} receipt body must be a JSON array of reports")
    receipts = []
    for index, report in enumerate(reports):
        if not isinstance(report, dict):
            raise ValueError(f"{provider} receipt report {index} is not an object")
        try:
            receipts.append(parse_one(report))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{provider} receipt report {index} is malformed: {exc!r}") from exc
    return receipts


def _aliyun(report: dict) -> Receipt:
    success = report["success"]
    if not isinstance(success, bool):
        raise ValueError("success must be true or false")
    return Receipt(_text(report["biz_id"], "biz_id"), success, report.get("err_code") or None,
                   _beijing_time(report.get("report_time") or report.get("send_time")))


def _tencent(report: dict) -> Receipt:
    status = report["report_status"]
    if status not in ("SUCCESS", "FAIL"):
        raise ValueError(f"report_status must be SUCCESS or FAIL, not {status!r}")
    return Receipt(_text(report["sid"], "sid"), status == "SUCCESS", report.get("errmsg") or None,
                   _beijing_time(report.get("user_receive_time")))


def _text(value, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{field} must be a non-empty string")
    return value


def _beijing_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)


_PARSERS = {"aliyun": _aliyun, "tencent": _tencent}
