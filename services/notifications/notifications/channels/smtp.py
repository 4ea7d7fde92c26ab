"""E-mail over SMTP (smtplib): one connection per message, a short timeout, STARTTLS or implicit TLS.

5xx answers (a refused recipient, a refused sender, bad credentials) are permanent; 4xx answers and
connection failures are transient.
"""
from __future__ import annotations

import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from .base import Outcome, Outgoing
from .http import TIMEOUT_SECONDS
from .privacy import mask_address

SECURITY_MODES = ("none", "starttls", "ssl")


def build_email(message: Outgoing, sender: str) -> EmailMessage:
    email = EmailMessage()  # default policy: non-ASCII headers are RFC 2047 encoded, lines CRLF on the wire
    email["From"] = sender
    email["To"] = message.address
    email["Subject"] = message.subject or ""
    email["Date"] = format_datetime(datetime.now(UTC))
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    email["X-Kefu-Delivery-Id"] = message.delivery_id  # so a bounce or a duplicate can be traced to our delivery
    # base64 keeps the Chinese body intact through relays that are not 8-bit clean.
    email.set_content(message.text, charset="utf-8", cte="base64")
    return email


def status_for_reply(code: int) -> str:
    return "failed" if 500 <= code < 600 else "retry"


class SmtpEmail:
    name = "smtp"
    kind = "email"

    def __init__(self, host: str, port: int, sender: str, user: str | None = None, password: str | None = None,
                 security: str = "starttls", timeout: float = TIMEOUT_SECONDS):
        if security not in SECURITY_MODES:
            raise ValueError(f"SMTP security must be one of {', '.join(SECURITY_MODES)}, not {security!r}")
        self._host, self._port, self._sender = host, port, sender
        self._user, self._password = user, password
        self._security = security
        self._timeout = timeout

    def send(self, message: Outgoing) -> Outcome:
        email = build_email(message, self._sender)
        who = mask_address("email", message.address)
        try:
            with self._connect() as smtp:
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            code, _ = next(iter(exc.recipients.values()), (550, b""))
            return Outcome(status_for_reply(code), code=str(code), detail=f"SMTP server refused {who}")
        except smtplib.SMTPResponseException as exc:  # sender refused, auth failed, data refused, …
            return Outcome(status_for_reply(exc.smtp_code), code=str(exc.smtp_code),
                           detail=f"SMTP server answered {exc.smtp_code} for {who}")
        except smtplib.SMTPNotSupportedError:
            return Outcome("failed", detail="SMTP server does not support what the configuration asks (STARTTLS/AUTH)")
        except (smtplib.SMTPException, OSError) as exc:  # disconnected, refused, timed out, TLS failure
            return Outcome("retry", detail=f"SMTP server unreachable: {type(exc).__name__}")
        return Outcome("sent", provider_message_id=email["Message-ID"])

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self._security == "ssl":
            smtp = smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=context)
        else:
            smtp = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        try:
            if self._security == "starttls":
                smtp.starttls(context=context)
            if self._user:
                smtp.login(self._user, self._password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp
