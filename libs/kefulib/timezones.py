"""IANA time zones by name, the one way every service turns a project's time-zone setting into a zone."""
from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones


class UnknownTimeZone(ValueError):
    pass


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(available_timezones())


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The zone called `name` (e.g. ``Asia/Shanghai``).

    Only names of the IANA database are accepted: ZoneInfo itself opens whatever path it is given under the
    tzdata folder, so a folder name such as ``Asia`` or ``Etc`` raised IsADirectoryError (a 500) instead of
    a plain "unknown time zone".
    """
    if not isinstance(name, str) or name not in _known():
        raise UnknownTimeZone(f"unknown time zone {name!r}")
    return ZoneInfo(name)
