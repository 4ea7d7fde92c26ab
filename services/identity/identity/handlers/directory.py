"""Who can be sent to a job: the project's technicians by name, for the people who dispatch.

The full staff list (GET /staff) is for staff administrators only; dispatchers need no more than a
technician's id and name to assign a ticket, so that is all this list shows.
"""
from __future__ import annotations

from pymongo.database import Database

from ..domain import Role
from ..store import STAFF

DISPATCHERS = [r.value for r in (Role.ENGINEERING_SUPERVISOR, Role.CS_SUPERVISOR, Role.CS_ADMINISTRATOR,
                                 Role.CS_ASSISTANT, Role.DUTY_OFFICER, Role.PROJECT_MANAGER)]


def technicians(db: Database, project_id: str) -> dict:
    """The project's active technicians: id, username and name only, by username."""
    found = db[STAFF].find(
        {"assignments": {"$elemMatch": {"scope_id": project_id, "role": Role.TECHNICIAN.value}},
         "disabled": {"$ne": True}},
        {"username": 1, "name": 1}).sort("username", 1).limit(500)
    return {"items": list(found)}
