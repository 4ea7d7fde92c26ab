"""Which events a signed-in person's browser is sent: only their project's, and only the kinds their
roles work with; a person's own inbox events only to that person. Pure rules, so they can be read (and
tested) in one place."""
from __future__ import annotations

from dataclasses import dataclass, field

CS = {"cs_assistant", "cs_administrator", "cs_supervisor", "duty_officer", "project_manager"}
ENGINEERING = {"engineering_supervisor", "technician"}
HQ = {"hq_general_manager", "hq_management_representative", "hq_auditor"}
# Who works the front desk's registers (identity gives them desk:*; HQ reads them).
DESK = {"cs_assistant", "cs_administrator", "cs_supervisor", "duty_officer", "project_manager", "security"}

# Who works the cashier (billing's centre roles and those who refund or credit) and the gate (security and the desk
# roles that stand in for it at night); HQ reads both.
CASHIER = {"cs_assistant", "cs_administrator", "cs_supervisor", "finance_clerk", "project_manager"}
GATE = {"security", "security_supervisor", "project_manager", "duty_officer", "cs_supervisor"}
# Who works renovation 装修: the CS centre takes applications in, engineering checks drawings and patrols, the manager
# approves, the security supervisor patrols with them (identity's RENOVATION_WORKERS and the domain's PATROL_ROLES).
RENOVATION = {"cs_assistant", "cs_administrator", "cs_supervisor", "project_manager", "engineering_supervisor",
              "technician", "security_supervisor"}

# Events about one person's own things, addressed by `data.recipient` (their staff id), not by role.
PERSONAL = ("notifications.inbox.", "console.export.")

# By the event type's prefix (its service); the first match decides.
RULES: list[tuple[str, set[str]]] = [
    ("ticketing.", CS | ENGINEERING | HQ | {"zone_steward", "security"}),
    ("console.return_visit.", CS | HQ),  # the console's own return-visit pings: whom visits' events reach
    ("console.desk.", DESK | HQ),  # the console's own pings of desk changes: whom desk's events reach
    ("console.approvals.", {"project_manager", "cs_supervisor", "finance_clerk"} | HQ),  # the approvals inbox's pings
    ("console.cashier.", CASHIER | HQ),  # the console's pings of credit notes and commissioned orders
    ("console.gate.", GATE | HQ),  # the console's pings of visitors in and out and of the watch list
    ("console.renovation.", RENOVATION | HQ),  # the console's pings of renovation writes renovation announces to nobody
    ("console.", CS | ENGINEERING | HQ | {"zone_steward", "security"}),  # the console's own ticket-changed pings
    ("visits.return_visit.", CS | HQ),
    # Money in and out reaches every cashier, the centre's assistants too (they take cash); quotes and holds do not.
    ("billing.payment.", CASHIER | HQ),
    ("billing.refund.", CASHIER | HQ),
    ("billing.", {"finance_clerk", "project_manager", "cs_supervisor"} | HQ),
    ("identity.unit.", CS),
    ("desk.", DESK | HQ),  # a parcel received, a key overdue: every desk of the project refreshes its lists
    ("renovation.", RENOVATION | HQ),  # a submission, a permit, a pass, a violation, a completion: the screens read again
]


@dataclass(frozen=True)
class Viewer:
    """The signed-in person a stream belongs to, as their session knows them."""
    tenant_id: str
    roles: list[str] = field(default_factory=list)
    person_id: str | None = None
    hq: bool = False


def visible(event: dict, viewer: Viewer) -> bool:
    kind = event.get("type", "")
    if kind.startswith(PERSONAL):
        return _addressed_to(event, viewer)
    if event.get("tenant_id") != viewer.tenant_id:  # never another project's, whoever asks
        return False
    for prefix, allowed in RULES:
        if kind.startswith(prefix):
            return bool(allowed & set(viewer.roles))
    return False


def _addressed_to(event: dict, viewer: Viewer) -> bool:
    recipient = (event.get("data") or {}).get("recipient")
    if not viewer.person_id or recipient != viewer.person_id:  # a colleague's item, even in the same project
        return False
    # Like notifications' own inbox: an HQ person's items come from every project of the company, so their
    # stream follows the recipient alone; anyone else sees the items of the project they signed in to.
    return viewer.hq or event.get("tenant_id") == viewer.tenant_id


def for_browser(event: dict) -> dict:
    """What the page needs of an event; nothing else of the envelope leaves."""
    return {"id": event.get("id"), "type": event.get("type"), "occurred_at": event.get("occurred_at"),
            "data": event.get("data", {})}
