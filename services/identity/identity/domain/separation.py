"""Separation of duties for borrowing and export approvals (ID-7): the signature must be someone else's.

"Someone else" is judged across accounts, not just account ids: a project manager who creates a second
account and gets it the approver role is still the requester. Accounts are linked by creation
(`created_by`): an approving account that the requester created, directly or through accounts the
requester created, counts as the requester. The other direction (a manager approving a request of a
member of staff whose account the manager created) is the ordinary case and stays allowed.
Pure: the caller loads the accounts.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from identity.domain.roles import HQ_ROLES, Role

# Roles only HQ gives: HQ's own, and the project manager, the one role that signs approvals; a manager
# who could make managers could make their own second signature.
HQ_GRANTED_ROLES = HQ_ROLES | {Role.PROJECT_MANAGER}
# Creator links followed upward; enough for any real chain, and a loop in bad data cannot spin forever.
MAX_CREATION_DEPTH = 16


@dataclass(frozen=True)
class Account:
    """A staff account as far as separation of duties cares: who created it."""

    account_id: str
    created_by: str | None


def granted_only_by_hq(role: Role | str) -> bool:
    return Role(role) in HQ_GRANTED_ROLES


def creators_of(account_id: str, accounts: Mapping[str, Account]) -> list[str]:
    """Who created `account_id`, who created that one, and so on (nearest first)."""
    chain: list[str] = []
    current = accounts.get(account_id)
    while current is not None and current.created_by and len(chain) < MAX_CREATION_DEPTH:
        if current.created_by in chain or current.created_by == account_id:
            break
        chain.append(current.created_by)
        current = accounts.get(current.created_by)
    return chain


def approval_conflict(requester: str, approver: str, accounts: Mapping[str, Account]) -> str | None:
    """Why `approver` may not sign `requester`'s request, or None when they are different people."""
    if requester == approver:
        return "Nobody approves their own request."
    if requester in creators_of(approver, accounts):
        return ("The approving account was created by the requester (directly or through accounts the requester "
                "created); it counts as the requester, and nobody approves their own request.")
    return None
