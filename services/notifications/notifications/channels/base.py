"""The one interface every delivery channel (渠道) implements, so the delivery pipeline can send an
SMS, a WeChat template message or an e-mail without knowing which provider is behind it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol


@dataclass(frozen=True)
class Outgoing:
    delivery_id: str            # our id of this attempt's delivery; given to the provider where it has a field for it
    channel: str                # "sms" | "wechat" | "email"
    address: str                # sms: E.164 phone (+86138...); wechat: the owner's openid; email: address
    template: str               # sms: provider template code/id; wechat: template_id; email: unused ("")
    params: dict[str, str]      # template parameters, in order
    text: str                   # the rendered text (e-mail body; for SMS/WeChat only kept in our log)
    subject: str | None = None  # e-mail subject
    url: str | None = None      # wechat: the jump url of the template message


@dataclass(frozen=True)
class Outcome:
    # retry = transient (throttled, 5xx, network, token expired and refresh failed);
    # failed = permanent (bad number, template not approved, user unsubscribed, bad credentials)
    status: Literal["sent", "retry", "failed"]
    provider_message_id: str | None = None  # Aliyun BizId, Tencent SerialNo, WeChat msgid, SMTP Message-ID
    code: str | None = None                 # the provider's error code, verbatim
    detail: str | None = None               # short human text, no secrets, no full phone number
    retry_after: float | None = None        # seconds, when the provider says


class Channel(Protocol):
    name: str   # "aliyun_sms" | "tencent_sms" | "wechat_template" | "smtp"
    kind: str   # "sms" | "wechat" | "email"

    def send(self, message: Outgoing) -> Outcome:
        """Deliver one message; never raises for provider or network errors."""
        ...
