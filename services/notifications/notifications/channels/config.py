"""Which delivery channels this process has, from its environment: only the configured ones, and a
half-configured channel stops start-up with the name of what is missing (a typo must not silently
turn SMS off)."""
from __future__ import annotations

from collections.abc import Mapping

from .aliyun_sms import AliyunSms
from .base import Channel
from .smtp import SECURITY_MODES, SmtpEmail
from .tencent_sms import TencentSms
from .wechat import WeChatTemplate

ALIYUN = ("NOTIFY_ALIYUN_ACCESS_KEY_ID", "NOTIFY_ALIYUN_ACCESS_KEY_SECRET", "NOTIFY_ALIYUN_SMS_SIGN_NAME")
TENCENT = ("NOTIFY_TENCENT_SECRET_ID", "NOTIFY_TENCENT_SECRET_KEY", "NOTIFY_TENCENT_SMS_SDK_APP_ID",
           "NOTIFY_TENCENT_SMS_SIGN_NAME")
WECHAT = ("NOTIFY_WECHAT_APP_ID", "NOTIFY_WECHAT_APP_SECRET")
SMTP = ("NOTIFY_SMTP_HOST", "NOTIFY_SMTP_FROM")


def build_channels(env: Mapping[str, str]) -> dict[str, Channel]:
    """The configured channels keyed by kind ("sms", "wechat", "email")."""
    channels: dict[str, Channel] = {}
    if sms := _sms(env):
        channels["sms"] = sms
    if _any_set(env, WECHAT):  # an endpoint alone configures nothing
        app_id, secret = _required(env, WECHAT)
        channels["wechat"] = WeChatTemplate(app_id, secret, env.get("NOTIFY_WECHAT_API_BASE") or "https://api.weixin.qq.com")
    if email := _email(env):
        channels["email"] = email
    return channels


def _sms(env: Mapping[str, str]) -> Channel | None:
    provider = env.get("NOTIFY_SMS_PROVIDER", "")
    if provider == "aliyun":
        key_id, secret, sign_name = _required(env, ALIYUN)
        return AliyunSms(key_id, secret, sign_name, env.get("NOTIFY_ALIYUN_SMS_ENDPOINT") or "https://dysmsapi.aliyuncs.com")
    if provider == "tencent":
        secret_id, secret_key, app_id, sign_name = _required(env, TENCENT)
        return TencentSms(secret_id, secret_key, app_id, sign_name,
                          region=env.get("NOTIFY_TENCENT_SMS_REGION") or "ap-guangzhou",
                          endpoint=env.get("NOTIFY_TENCENT_SMS_ENDPOINT") or "https://sms.tencentcloudapi.com")
    if provider:
        raise ValueError(f"NOTIFY_SMS_PROVIDER must be aliyun or tencent, not {provider!r}")
    if _any_set(env, ALIYUN + TENCENT):
        raise ValueError("NOTIFY_SMS_PROVIDER is missing: SMS credentials are set but no provider is chosen")
    return None


def _email(env: Mapping[str, str]) -> Channel | None:
    if not _any_set(env, SMTP + ("NOTIFY_SMTP_USER", "NOTIFY_SMTP_PASSWORD")):
        return None
    host, sender = _required(env, SMTP)
    user, password = env.get("NOTIFY_SMTP_USER") or None, env.get("NOTIFY_SMTP_PASSWORD") or None
    if bool(user) != bool(password):
        raise ValueError("NOTIFY_SMTP_PASSWORD is missing" if user else "NOTIFY_SMTP_USER is missing")
    security = env.get("NOTIFY_SMTP_SECURITY") or "starttls"
    if security not in SECURITY_MODES:
        raise ValueError(f"NOTIFY_SMTP_SECURITY must be one of {', '.join(SECURITY_MODES)}, not {security!r}")
    port = env.get("NOTIFY_SMTP_PORT") or ("465" if security == "ssl" else "587")
    if not port.isdigit():
        raise ValueError(f"NOTIFY_SMTP_PORT must be a port number, not {port!r}")
    return SmtpEmail(host, int(port), sender, user, password, security)


def _any_set(env: Mapping[str, str], names: tuple[str, ...]) -> bool:
    return any(env.get(name) for name in names)


def _required(env: Mapping[str, str], names: tuple[str, ...]) -> list[str]:
    missing = [name for name in names if not env.get(name)]
    if missing:
        raise ValueError(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    return [env[name] for name in names]
