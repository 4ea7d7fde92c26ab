"""build_channels: only configured channels, and a half-configured one names what is missing."""
import pytest
from notifications.channels import build_channels
from notifications.channels.aliyun_sms import AliyunSms
from notifications.channels.smtp import SmtpEmail
from notifications.channels.tencent_sms import TencentSms
from notifications.channels.wechat import WeChatTemplate

ALIYUN = {"NOTIFY_SMS_PROVIDER": "aliyun", "NOTIFY_ALIYUN_ACCESS_KEY_ID": "id", "NOTIFY_ALIYUN_ACCESS_KEY_SECRET": "s",
          "NOTIFY_ALIYUN_SMS_SIGN_NAME": "物业客服"}
TENCENT = {"NOTIFY_SMS_PROVIDER": "tencent", "NOTIFY_TENCENT_SECRET_ID": "id", "NOTIFY_TENCENT_SECRET_KEY": "k",
           "NOTIFY_TENCENT_SMS_SDK_APP_ID": "1400006666", "NOTIFY_TENCENT_SMS_SIGN_NAME": "物业客服"}
WECHAT = {"NOTIFY_WECHAT_APP_ID": "wx1", "NOTIFY_WECHAT_APP_SECRET": "s"}
SMTP = {"NOTIFY_SMTP_HOST": "smtp.example.com", "NOTIFY_SMTP_FROM": "kefu@example.com"}


def test_nothing_configured_means_no_channels():
    assert build_channels({}) == {}


def test_every_configured_channel_is_keyed_by_kind():
    channels = build_channels(ALIYUN | WECHAT | SMTP)
    assert {kind: type(c) for kind, c in channels.items()} == {"sms": AliyunSms, "wechat": WeChatTemplate,
                                                                "email": SmtpEmail}
    assert [c.kind for c in channels.values()] == ["sms", "wechat", "email"]


def test_tencent_is_chosen_by_the_provider_variable_with_documented_defaults():
    sms = build_channels(TENCENT)["sms"]
    assert isinstance(sms, TencentSms)
    assert (sms._region, sms._endpoint) == ("ap-guangzhou", "https://sms.tencentcloudapi.com")


def test_endpoints_can_point_at_local_servers():
    channels = build_channels(ALIYUN | WECHAT | {"NOTIFY_ALIYUN_SMS_ENDPOINT": "http://127.0.0.1:1/",
                                                  "NOTIFY_WECHAT_API_BASE": "http://127.0.0.1:2"})
    assert channels["sms"]._endpoint == "http://127.0.0.1:1"
    assert channels["wechat"]._api_base == "http://127.0.0.1:2"


@pytest.mark.parametrize(("env", "missing"), [
    (ALIYUN | {"NOTIFY_ALIYUN_ACCESS_KEY_SECRET": ""}, "NOTIFY_ALIYUN_ACCESS_KEY_SECRET is missing"),
    ({"NOTIFY_SMS_PROVIDER": "tencent", "NOTIFY_TENCENT_SECRET_ID": "id"}, "NOTIFY_TENCENT_SECRET_KEY"),
    ({"NOTIFY_ALIYUN_ACCESS_KEY_ID": "id"}, "NOTIFY_SMS_PROVIDER is missing"),
    ({"NOTIFY_WECHAT_APP_ID": "wx1"}, "NOTIFY_WECHAT_APP_SECRET is missing"),
    ({"NOTIFY_SMTP_HOST": "smtp.example.com"}, "NOTIFY_SMTP_FROM is missing"),
    (SMTP | {"NOTIFY_SMTP_USER": "kefu"}, "NOTIFY_SMTP_PASSWORD is missing"),
])
def test_a_half_configured_channel_names_the_missing_variable(env, missing):
    with pytest.raises(ValueError, match=missing):
        build_channels(env)


@pytest.mark.parametrize(("env", "says"), [
    ({"NOTIFY_SMS_PROVIDER": "huawei"}, "aliyun or tencent"),
    (SMTP | {"NOTIFY_SMTP_SECURITY": "tls"}, "none, starttls, ssl"),
    (SMTP | {"NOTIFY_SMTP_PORT": "smtp"}, "port number"),
])
def test_a_wrong_value_is_refused(env, says):
    with pytest.raises(ValueError, match=says):
        build_channels(env)


def test_smtp_port_defaults_follow_the_security_mode():
    assert build_channels(SMTP)["email"]._port == 587
    assert build_channels(SMTP | {"NOTIFY_SMTP_SECURITY": "ssl"})["email"]._port == 465
    assert build_channels(SMTP | {"NOTIFY_SMTP_SECURITY": "none", "NOTIFY_SMTP_PORT": "25"})["email"]._port == 25
