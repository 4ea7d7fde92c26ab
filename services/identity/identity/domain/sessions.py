"""How long a staff sign-in session lasts: refresh tokens slide, the session itself does not.

Each refresh issues a new refresh token good for `refresh_lifetime`, but never past the session's
absolute end, fixed when the person signed in with their password. A stolen refresh token is
therefore worth at most `max_session` from the sign-in, however diligently the thief refreshes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from identity.domain.dates import require_aware
from identity.domain.errors import InvalidInput


@dataclass(frozen=True)
class SessionPolicy:
    """Defaults: 12 h per refresh token (a long shift), 24 h per sign-in whatever the refreshes.

    24 h rather than days: every refresh session is a staff session (integrations use client
    credentials and get no refresh token), staff sign in once a shift, and HQ staff's tokens
    read across projects, so a day bounds what one leaked token is worth.
    """

    refresh_lifetime: timedelta = timedelta(hours=12)
    max_session: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if self.refresh_lifetime <= timedelta(0) or self.max_session <= timedelta(0):
            raise InvalidInput("refresh_lifetime", "durations must be positive")

    def session_ends_at(self, signed_in_at: datetime) -> datetime:
        require_aware("signed_in_at", signed_in_at)
        return signed_in_at + self.max_session

    def refresh_expires_at(self, issued_at: datetime, session_ends_at: datetime) -> datetime:
        """A new refresh token's end: its own lifetime, cut at the session's absolute end."""
        require_aware("issued_at", issued_at)
        return min(issued_at + self.refresh_lifetime, session_ends_at)

    def may_refresh(self, at: datetime, refresh_expires_at: datetime, session_ends_at: datetime) -> bool:
        require_aware("at", at)
        return at < refresh_expires_at and at < session_ends_at
