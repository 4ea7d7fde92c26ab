"""Which scopes a caller may put on a client they register: only ones they hold themselves.

Otherwise registering a client would be a way to mint tokens stronger than the caller's own
(a project manager creating a `webhooks:manage` client, say). The HQ administrator is the
root of every grant and may give any scope.
"""

from collections.abc import Iterable


def ungrantable_scopes(requested: Iterable[str], held: Iterable[str], *, grants_any: bool) -> list[str]:
    """The requested scopes the caller lacks, sorted (empty: the request is fine)."""
    if grants_any:
        return []
    return sorted(set(requested) - set(held))
