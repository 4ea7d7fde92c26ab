"""Who is told (NT-2): the holders of the roles a matter goes to, in the project it belongs to.

Project roles are held per project; HQ roles are held for the company (identity assigns them to
the company scope ``hq``) and so reach HQ people whatever project the matter comes from. The
role holders are a projection of identity's events (``identity.staff.role_granted`` /
``role_removed``): this module only chooses among them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

COMPANY_SCOPE = "hq"  # identity's company scope for HQ roles (identity.access.HQ_COMPANY)
HQ_ROLES = frozenset({"hq_general_manager", "hq_management_representative", "hq_auditor"})

# ticketing's `escalated_to` for the top of the ladder names HQ, not a role; these are the people it means.
HQ_ESCALATION_ROLES = ("hq_general_manager", "hq_management_representative")


@dataclass(frozen=True)
class Holder:
    """One person holding one role in one scope (a project id, or COMPANY_SCOPE for HQ roles)."""

    staff_id: str
    role: str
    scope: str
    display_name: str = ""


@dataclass(frozen=True)
class Recipient:
    staff_id: str
    role: str            # the role the person is told under
    display_name: str = ""


def scope_of(role: str, project_id: str) -> str:
    """Where a holder of ``role`` for a matter of ``project_id`` is found."""
    return COMPANY_SCOPE if role in HQ_ROLES else project_id


def breach_roles(escalated_to: str | None, notify_roles: Sequence[str] | None) -> tuple[str, ...]:
    """The roles a breach goes to: ticketing's ``notify_roles`` when it names them (the ladder is
    ticketing's rule), else what ``escalated_to`` means; duplicates dropped, order kept."""
    roles = list(notify_roles or ())
    if not roles and escalated_to:
        roles = list(HQ_ESCALATION_ROLES) if escalated_to == "hq" else [escalated_to]
    return tuple(dict.fromkeys(r for r in roles if r))


def recipients(roles: Sequence[str], project_id: str, holders: Iterable[Holder]) -> tuple[Recipient, ...]:
    """Each holder of one of ``roles`` in the right scope, once per person, in the order of ``roles``.

    A holder of the role in another project is never chosen (X-1); a person holding two of the
    roles is told once, under the first role named, so nobody gets the same item twice.
    """
    by_role: dict[str, list[Holder]] = {}
    for holder in holders:
        if holder.role in roles and holder.scope == scope_of(holder.role, project_id):
            by_role.setdefault(holder.role, []).append(holder)
    chosen: dict[str, Recipient] = {}
    for role in roles:
        for holder in sorted(by_role.get(role, ()), key=lambda h: h.staff_id):
            chosen.setdefault(holder.staff_id, Recipient(holder.staff_id, role, holder.display_name))
    return tuple(chosen.values())
