"""Which events a signed-in person's browser is sent: only their project's, and only the kinds their
roles work with. Pure rules, so they can be read (and tested) in one place."""
from __future__ import annotations

CS = {"cs_assistant", "cs_administrator", "cs_supervisor", "duty_officer", "project_manager"}
ENGINEERING = {"engineering_supervisor", "technician"}
HQ = {"hq_general_manager", "hq_management_representative", "hq_auditor"}

# By the event type's prefix (its service); the first match decides.
RULES: list[tuple[str, set[str]]] = [
    ("ticketing.", CS | ENGINEERING | HQ | {"zone_steward", "security"}),
    ("console.return_visit.", CS | HQ),  # the console's own return-visit pings: whom visits' events reach
    ("console.", CS | ENGINEERING | HQ | {"zone_steward", "security"}),  # the console's own ticket-changed pings
    ("visits.return_visit.", CS | HQ),
    ("billing.", {"finance_clerk", "project_manager", "cs_supervisor"} | HQ),
    ("identity.unit.", CS),
]


def visible(event: dict, tenant_id: str, roles: list[str]) -> bool:
    if event.get("tenant_id") != tenant_id:  # never another project's, whoever asks
        return False
    for prefix, allowed in RULES:
        if event.get("type", "").startswith(prefix):
            return bool(allowed & set(roles))
    return False


def for_browser(event: dict) -> dict:
    """What the page needs of an event; nothing else of the envelope leaves."""
    return {"id": event.get("id"), "type": event.get("type"), "occurred_at": event.get("occurred_at"),
            "data": event.get("data", {})}
