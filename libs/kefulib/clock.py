"""The service clock: the one place a handler asks for the time, so a test can move it instead of waiting.

`create_service_app(clock=...)` installs a replacement for the app; outside an app (a worker, the CLI) it is the
system's clock. Rules never call it: they take the time as an argument (kefulib.testing.domain_purity).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app, has_app_context

Clock = Callable[[], datetime]
EXTENSION = "kefu.clock"


def system_clock() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """Now by the current app's clock (the system's when none was given, or outside an app)."""
    if has_app_context():
        return current_app.extensions.get(EXTENSION, system_clock)()
    return system_clock()
