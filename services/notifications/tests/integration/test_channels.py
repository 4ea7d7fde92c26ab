"""Each delivery channel against a local fake of its provider (real HTTP / SMTP servers on 127.0.0.1)
that checks requests as the provider documents them, signatures included."""
import hashlib
import time

import pytest
import requests
from kefulib.testing.servers import free_port
from notifications.channels import aliyun_sms, tencent_sms
from notifications.channels.aliyun_sms import AliyunSms
from notifications.channels.base import Outgoing
from notifications.channels.smtp import SmtpEmail
from notifications.channels.tencent_sms import TencentSms
from notifications.channels.wechat import WeChatTemplate
from notifications.testing.providers import (
    AliyunSmsReceived,
    FakeAliyunSms,
    FakeSmtp,
    FakeTencentSms,
    FakeWeChat,
    TencentSmsReceived,
    WeChatReceived,
)

PHONE = "+8613800138000"
OPENID = "oX3aB5cD7eF9gH1iJ3kL5mN7oP9q"
WECHAT_TEMPLATE = "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY"


def sms(template, params, address=PHONE, delivery_id="dlv-1"):
    return Outgoing(delivery_id, "sms", address, template, params, "【物业客服】您的验证码是1234")


# --- Aliyun ---------------------------------------------------------------------------------------

@pytest.fixture
def aliyun():
    with FakeAliyunSms() as fake:
        yield fake


def aliyun_channel(fake, secret=None, key_id=None):
    return AliyunSms(key_id or fake.access_key_id, secret or fake.access_key_secret, "物业客服", endpoint=fake.url)


def test_aliyun_sends_the_template_the_sign_and_our_delivery_id(aliyun):
    outcome = aliyun_channel(aliyun).send(sms("SMS_154950909", {"code": "1234"}))
    assert outcome.status == "sent"
    assert outcome.provider_message_id.endswith("^0")
    assert aliyun.received == [AliyunSmsReceived("13800138000", "物业客服", "SMS_154950909", {"code": "1234"}, "dlv-1")]


def test_aliyun_throttling_is_retried_with_its_code(aliyun):
    aliyun.throttle_next(1)
    outcome = aliyun_channel(aliyun).send(sms("SMS_154950909", {"code": "1234"}))
    assert (outcome.status, outcome.code) == ("retry", "isv.BUSINESS_LIMIT_CONTROL")
    assert aliyun_channel(aliyun).send(sms("SMS_154950909", {"code": "1234"})).status == "sent"


@pytest.mark.parametrize(("message", "code"), [
    (sms("SMS_154950909", {"code": "1"}, address="+86123"), "isv.MOBILE_NUMBER_ILLEGAL"),
    (sms("SMS_000000000", {"code": "1"}), "isv.SMS_TEMPLATE_ILLEGAL"),
    (sms("SMS_154950909", {}), "isv.TEMPLATE_MISSING_PARAMETERS"),
])
def test_aliyun_refusals_of_the_number_or_template_are_permanent(aliyun, message, code):
    outcome = aliyun_channel(aliyun).send(message)
    assert (outcome.status, outcome.code) == ("failed", code)
    assert "13800138000" not in (outcome.detail or "")
    assert aliyun.received == []


def test_aliyun_insufficient_balance_is_permanent(aliyun):
    aliyun.fail_next(1, "isv.AMOUNT_NOT_ENOUGH", "账户余额不足")
    outcome = aliyun_channel(aliyun).send(sms("SMS_154950909", {"code": "1234"}))
    assert (outcome.status, outcome.code) == ("failed", "isv.AMOUNT_NOT_ENOUGH")


def test_aliyun_a_wrong_secret_or_key_is_refused_as_aliyun_does(aliyun):
    wrong_secret = aliyun_channel(aliyun, secret="not-the-secret").send(sms("SMS_154950909", {"code": "1"}))
    wrong_key = aliyun_channel(aliyun, key_id="LTAI5tSomeoneElse").send(sms("SMS_154950909", {"code": "1"}))
    assert (wrong_secret.status, wrong_secret.code) == ("failed", "SignatureDoesNotMatch")
    assert (wrong_key.status, wrong_key.code) == ("failed", "InvalidAccessKeyId.NotFound")
    assert "not-the-secret" not in wrong_secret.detail


def test_aliyun_a_server_error_is_retried(aliyun):
    aliyun.fail_next(1, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.",
                     http_status=503)
    outcome = aliyun_channel(aliyun).send(sms("SMS_154950909", {"code": "1234"}))
    assert (outcome.status, outcome.code) == ("retry", "ServiceUnavailable")


ALIYUN_BODY = (b"PhoneNumbers=13800138000&SignName=%E7%89%A9%E4%B8%9A%E5%AE%A2%E6%9C%8D&TemplateCode=SMS_154950909"
               b"&TemplateParam=%7B%22code%22%3A%221%22%7D")


def aliyun_signed(fake, body, **changes):
    """Headers as the adapter signs them, then one signing detail changed."""
    headers = AliyunSms(fake.access_key_id, fake.access_key_secret, "物业客服", fake.url)._signed_headers(body)
    signed = {k: v for k, v in headers.items() if k not in ("Authorization", "Accept")}
    sign_over = changes.pop("sign_over", {})
    headers["Authorization"] = aliyun_sms.authorization(fake.access_key_id, fake.access_key_secret,
                                                         changes.pop("method", "POST"), changes.pop("query", {}),
                                                         signed | sign_over, body)
    return headers


@pytest.mark.parametrize("change", [
    {"method": "GET"},                                        # a different HTTP method
    {"query": {"PhoneNumbers": "13800138000"}},               # a query string that is not sent
    {"sign_over": {"x-acs-date": "2020-01-01T00:00:00Z"}},    # a different date than the one sent
    {"sign_over": {"x-acs-action": "sendsms"}},               # a value not kept verbatim
])
def test_aliyun_a_request_signed_differently_is_refused(aliyun, change):
    body = ALIYUN_BODY
    answer = requests.post(aliyun.url + "/", data=body, headers=aliyun_signed(aliyun, body, **change), timeout=5)
    assert (answer.status_code, answer.json()["Code"]) == (400, "SignatureDoesNotMatch")
    assert aliyun.received == []


def test_aliyun_a_body_changed_after_signing_is_refused(aliyun):
    body = ALIYUN_BODY
    headers = aliyun_signed(aliyun, body)
    answer = requests.post(aliyun.url + "/", data=body.replace(b"13800138000", b"13800138001"), headers=headers, timeout=5)
    assert answer.json()["Code"] == "SignatureDoesNotMatch"
    headers["x-acs-content-sha256"] = hashlib.sha256(body.replace(b"13800138000", b"13800138001")).hexdigest()
    answer = requests.post(aliyun.url + "/", data=body.replace(b"13800138000", b"13800138001"), headers=headers, timeout=5)
    assert answer.json()["Code"] == "SignatureDoesNotMatch"


def test_aliyun_a_replayed_nonce_is_refused(aliyun):
    body = ALIYUN_BODY
    headers = aliyun_signed(aliyun, body)
    assert requests.post(aliyun.url + "/", data=body, headers=headers, timeout=5).json()["Code"] == "OK"
    assert requests.post(aliyun.url + "/", data=body, headers=headers, timeout=5).json()["Code"] == "SignatureNonceUsed"


# --- Tencent --------------------------------------------------------------------------------------

@pytest.fixture
def tencent():
    with FakeTencentSms() as fake:
        yield fake


def tencent_channel(fake, secret=None):
    return TencentSms(fake.secret_id, secret or fake.secret_key, fake.sdk_app_id, "物业客服", endpoint=fake.url)


def test_tencent_sends_the_parameters_in_order_with_our_delivery_id(tencent):
    outcome = tencent_channel(tencent).send(sms("449739", {"name": "张三", "time": "10:00"}))
    assert outcome.status == "sent"
    assert outcome.provider_message_id.startswith("2640:")
    assert tencent.received == [TencentSmsReceived(PHONE, "物业客服", "449739", ["张三", "10:00"], "dlv-1")]


def test_tencent_a_per_number_limit_in_an_http_200_answer_is_retried(tencent):
    tencent.throttle_next(1)
    outcome = tencent_channel(tencent).send(sms("449739", {"name": "张三", "time": "10:00"}))
    assert (outcome.status, outcome.code) == ("retry", "LimitExceeded.PhoneNumberThirtySecondLimit")


def test_tencent_a_request_limit_is_retried(tencent):
    tencent.fail_next(1, "RequestLimitExceeded", "请求的次数超过了频率限制")
    outcome = tencent_channel(tencent).send(sms("449739", {"name": "张三", "time": "10:00"}))
    assert (outcome.status, outcome.code) == ("retry", "RequestLimitExceeded")


@pytest.mark.parametrize(("message", "code"), [
    (sms("449739", {"a": "1", "b": "2"}, address="+86123"), "InvalidParameterValue.IncorrectPhoneNumber"),
    (sms("000000", {"a": "1", "b": "2"}), "FailedOperation.TemplateIncorrectOrUnapproved"),
])
def test_tencent_refusals_of_the_number_or_template_are_permanent(tencent, message, code):
    outcome = tencent_channel(tencent).send(message)
    assert (outcome.status, outcome.code) == ("failed", code)
    assert tencent.received == []


def test_tencent_a_wrong_secret_is_refused_as_tencent_does(tencent):
    outcome = tencent_channel(tencent, secret="not-the-secret").send(sms("449739", {"a": "1", "b": "2"}))
    assert (outcome.status, outcome.code) == ("failed", "AuthFailure.SignatureFailure")
    assert "not-the-secret" not in outcome.detail


def tencent_headers(fake, body, **changes):
    timestamp = int(time.time())
    host = fake.url.removeprefix("http://")
    sign = {"service": "sms", "host": host, "action": "SendSms", "payload": body, "timestamp": timestamp} | changes
    return {"Content-Type": "application/json; charset=utf-8", "Host": host, "X-TC-Action": "SendSms",
            "X-TC-Version": "2021-01-11", "X-TC-Region": "ap-guangzhou", "X-TC-Timestamp": str(timestamp),
            "Authorization": tencent_sms.authorization(fake.secret_id, fake.secret_key, **sign)}


PAYLOAD = ('{"PhoneNumberSet": ["+8613800138000"], "SmsSdkAppId": "1400006666", "SignName": "物业客服", '
           '"TemplateId": "449739", "TemplateParamSet": ["1", "2"]}').encode()


@pytest.mark.parametrize(("change", "code"), [
    ({}, None),                                                      # as the adapter signs: accepted
    ({"payload": PAYLOAD.replace(b'"1"', b'"9"')}, "AuthFailure.SignatureFailure"),   # another body hashed
    ({"timestamp": int(time.time()) - 86400}, "AuthFailure.SignatureFailure"),      # another day in the scope
    ({"service": "cvm"}, "AuthFailure.SignatureFailure"),             # another service in the scope
    ({"content_type": "application/json"}, "AuthFailure.SignatureFailure"),  # a header value not as sent
    ({"action": "DescribeInstances"}, "AuthFailure.SignatureFailure"),
])
def test_tencent_a_request_signed_differently_is_refused(tencent, change, code):
    answer = requests.post(tencent.url + "/", data=PAYLOAD, headers=tencent_headers(tencent, PAYLOAD, **change),
                           timeout=5).json()["Response"]
    assert answer.get("Error", {}).get("Code") == code


def test_tencent_an_old_timestamp_is_refused_as_expired(tencent):
    headers = tencent_headers(tencent, PAYLOAD, timestamp=int(time.time()) - 600)
    headers["X-TC-Timestamp"] = str(int(time.time()) - 600)
    answer = requests.post(tencent.url + "/", data=PAYLOAD, headers=headers, timeout=5).json()["Response"]
    assert answer["Error"]["Code"] == "AuthFailure.SignatureExpire"


# --- WeChat ---------------------------------------------------------------------------------------

@pytest.fixture
def wechat():
    with FakeWeChat(subscribers={OPENID}) as fake:
        yield fake


def wechat_channel(fake, secret=None):
    return WeChatTemplate(fake.app_id, secret or fake.app_secret, api_base=fake.url)


def notice(openid=OPENID, template=WECHAT_TEMPLATE, delivery_id="dlv-1"):
    return Outgoing(delivery_id, "wechat", openid, template, {"first": "您的报修已受理", "keyword1": "厨房水龙头漏水"},
                    "您的报修已受理：厨房水龙头漏水", url="https://kefu.example.com/t/1")


def test_wechat_sends_the_template_data_and_url_with_one_cached_token(wechat):
    channel = wechat_channel(wechat)
    first, second = channel.send(notice()), channel.send(notice(delivery_id="dlv-2"))
    assert (first.status, second.status) == ("sent", "sent")
    assert first.provider_message_id != second.provider_message_id
    assert wechat.token_requests == [False]
    assert wechat.received[0] == WeChatReceived(OPENID, WECHAT_TEMPLATE, notice().params, "https://kefu.example.com/t/1",
                                                "dlv-1")
    assert wechat.received[0].params == {"first": "您的报修已受理", "keyword1": "厨房水龙头漏水"}


def test_wechat_an_expired_token_is_refreshed_once_and_the_message_resent(wechat):
    channel = wechat_channel(wechat)
    assert channel.send(notice()).status == "sent"
    wechat.expire_token()
    outcome = channel.send(notice(delivery_id="dlv-2"))
    assert outcome.status == "sent"
    assert wechat.token_requests == [False, True]
    assert [r.client_msg_id for r in wechat.received] == ["dlv-1", "dlv-2"]


def test_wechat_quota_limits_are_retried(wechat):
    wechat.throttle_next(1)
    outcome = wechat_channel(wechat).send(notice())
    assert (outcome.status, outcome.code) == ("retry", "45009")


@pytest.mark.parametrize(("message", "code"), [
    (notice(openid="oNotFollowingTheAccount00000"), "43004"),
    (notice(openid="bad openid"), "40003"),
    (notice(template="no-such-template"), "40037"),
])
def test_wechat_unsubscribed_users_bad_openids_and_templates_are_permanent(wechat, message, code):
    outcome = wechat_channel(wechat).send(message)
    assert (outcome.status, outcome.code) == ("failed", code)


def test_wechat_a_wrong_secret_is_refused_as_wechat_does(wechat):
    outcome = wechat_channel(wechat, secret="not-the-secret").send(notice())
    assert (outcome.status, outcome.code) == ("failed", "40125")
    assert "not-the-secret" not in outcome.detail


# --- every HTTP channel ---------------------------------------------------------------------------

@pytest.mark.parametrize("channel", [
    lambda url: AliyunSms("id", "secret", "物业客服", endpoint=url),
    lambda url: TencentSms("id", "secret", "1400006666", "物业客服", endpoint=url),
    lambda url: WeChatTemplate("wx1", "secret", api_base=url),
])
def test_a_provider_that_cannot_be_reached_is_retried(channel):
    outcome = channel(f"http://127.0.0.1:{free_port()}").send(notice())
    assert outcome.status == "retry"
    assert "secret" not in outcome.detail


# --- SMTP -----------------------------------------------------------------------------------------

def email(address="zhang.san@example.com"):
    body = "张先生您好：\n您的报修（厨房水龙头漏水）已受理，师傅将于今天 14:00 上门。"
    return Outgoing("dlv-1", "email", address, "", {}, body, subject="报修已受理 · 1 栋 2 单元 301")


def test_a_chinese_subject_and_body_arrive_intact():
    with FakeSmtp() as server:
        outcome = SmtpEmail(server.host, server.port, "客服中心 <kefu@example.com>", security="none").send(email())
    assert outcome.status == "sent"
    [received] = server.received
    message = received.message
    assert received.rcpt_tos == ["zhang.san@example.com"]
    assert message["Subject"] == "报修已受理 · 1 栋 2 单元 301"
    assert message.get_content() == email().text + "\n"
    assert message.get_content_charset() == "utf-8"
    assert message["Message-ID"] == outcome.provider_message_id
    assert message["Message-ID"].endswith("@example.com>")
    assert message["Date"] and message["X-Kefu-Delivery-Id"] == "dlv-1"


def test_smtp_a_refused_recipient_is_permanent_and_a_deferred_one_transient():
    with FakeSmtp(refuse={"nobody@example.com"}, defer={"busy@example.com"}) as server:
        channel = SmtpEmail(server.host, server.port, "kefu@example.com", security="none")
        refused, deferred = channel.send(email("nobody@example.com")), channel.send(email("busy@example.com"))
    assert (refused.status, refused.code) == ("failed", "550")
    assert (deferred.status, deferred.code) == ("retry", "451")
    assert "nobody@" not in refused.detail


def test_smtp_logs_in_and_a_wrong_password_is_permanent():
    with FakeSmtp(user="kefu", password="right") as server:
        right = SmtpEmail(server.host, server.port, "kefu@example.com", "kefu", "right", security="none").send(email())
        wrong = SmtpEmail(server.host, server.port, "kefu@example.com", "kefu", "wrong", security="none").send(email())
    assert right.status == "sent"
    assert (wrong.status, wrong.code) == ("failed", "535")
    assert len(server.received) == 1


def test_smtp_a_server_that_cannot_be_reached_is_retried():
    outcome = SmtpEmail("127.0.0.1", free_port(), "kefu@example.com", security="none").send(email())
    assert outcome.status == "retry"


def test_smtp_starttls_against_a_server_without_it_fails_instead_of_sending_in_clear():
    with FakeSmtp() as server:
        outcome = SmtpEmail(server.host, server.port, "kefu@example.com", security="starttls").send(email())
    assert outcome.status == "failed"
    assert server.received == []
