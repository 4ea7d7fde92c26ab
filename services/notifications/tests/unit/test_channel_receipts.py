"""Parsing the SMS providers' delivery-receipt pushes (Aliyun SmsReport, Tencent status callback)."""
import json
from datetime import UTC, datetime

import pytest
from notifications.channels.receipts import Receipt, parse_receipts

ALIYUN = [
    {"phone_number": "13800138000", "send_time": "2024-05-01 09:59:58", "report_time": "2024-05-01 10:00:00",
     "success": True, "err_code": "DELIVERED", "err_msg": "用户接收成功", "sms_size": "1",
     "biz_id": "900619746936498440^0", "out_id": "dlv-1"},
    {"phone_number": "13800138001", "send_time": "2024-05-01 09:59:58", "report_time": "2024-05-01 10:00:05",
     "success": False, "err_code": "MK:0001", "err_msg": "空号", "sms_size": "1", "biz_id": "900619746936498441^0",
     "out_id": "dlv-2"},
]
TENCENT = [
    {"user_receive_time": "2024-05-01 10:00:00", "nationcode": "86", "mobile": "13800138000", "report_status": "SUCCESS",
     "errmsg": "DELIVRD", "description": "用户短信送达成功", "sid": "2640:859110000001635315"},
    {"user_receive_time": "2024-05-01 10:00:07", "nationcode": "86", "mobile": "13800138001", "report_status": "FAIL",
     "errmsg": "MN:0001", "description": "空号", "sid": "2640:859110000001635316"},
]


def test_aliyun_reports_become_receipts_at_beijing_time():
    receipts = parse_receipts("aliyun_sms", json.dumps(ALIYUN, ensure_ascii=False).encode())
    assert receipts[0] == Receipt("900619746936498440^0", True, "DELIVERED", receipts[0].at)
    assert receipts[0].at.astimezone(UTC) == datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
    assert (receipts[1].delivered, receipts[1].code) == (False, "MK:0001")


def test_tencent_reports_become_receipts_keyed_by_serial_number():
    receipts = parse_receipts("tencent", json.dumps(TENCENT, ensure_ascii=False).encode())
    assert [(r.provider_message_id, r.delivered, r.code) for r in receipts] == [
        ("2640:859110000001635315", True, "DELIVRD"), ("2640:859110000001635316", False, "MN:0001")]
    assert receipts[1].at.astimezone(UTC) == datetime(2024, 5, 1, 2, 0, 7, tzinfo=UTC)


def test_an_empty_push_has_no_receipts():
    assert parse_receipts("aliyun_sms", b"[]") == []


@pytest.mark.parametrize(("provider", "body", "says"), [
    ("aliyun_sms", b"not json", "not JSON"),
    ("aliyun_sms", b'{"biz_id": "1"}', "JSON array"),
    ("aliyun_sms", b'["x"]', "report 0 is not an object"),
    ("aliyun_sms", b'[{"success": true}]', "biz_id"),
    ("aliyun_sms", b'[{"success": "yes", "biz_id": "1"}]', "success"),
    ("aliyun_sms", b'[{"success": true, "biz_id": "1", "report_time": "01/05/2024"}]', "report 0 is malformed"),
    ("tencent_sms", b'[{"sid": "1", "report_status": "MAYBE"}]', "report_status"),
    ("tencent_sms", b'[{"report_status": "SUCCESS"}]', "sid"),
    ("tencent_sms", b"\xff\xfe", "not JSON"),
    ("huawei", b"[]", "no receipt format"),
])
def test_a_malformed_push_raises_value_error_saying_what_is_wrong(provider, body, says):
    with pytest.raises(ValueError, match=says):
        parse_receipts(provider, body)
