"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it was given, for the e-mail channel."""
from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from kefulib.testing.servers import free_port


@dataclass(frozen=True)
class SmtpReceived:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage   # parsed with the modern policy: headers decoded, get_content() decodes the body


class FakeSmtp:
    """``refuse``: recipients answered 550; ``defer``: answered 451;
    ``user``/``password``: AUTH offered (without TLS: loopback only) and checked."""

    def __init__(self, refuse: set[str] = frozenset(), defer: set[str] = frozenset(),
                 user: str | None = None, password: str | None = None):
        self.received: list[SmtpReceived] = []
        self.refuse, self.defer = set(refuse), set(defer)
        self.user, self.password = user, password
        self.host, self.port = "127.0.0.1", free_port()
        self._controller: Controller | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        if address in self.defer:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.received.append(SmtpReceived(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login.decode(), auth_data.password.decode()) == (
            self.user, self.password)
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself

    def __enter__(self):
        auth = {"authenticator": self._authenticate, "auth_require_tls": False} if self.user else {}
        self._controller = Controller(self, hostname=self.host, port=self.port, **auth)
        self._controller.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._controller.stop()
