"""Who someone is at the desk: a name plus one proof, the last 4 characters of an ID document or a phone.

The desk never keeps a full ID number (ID-7/ID-8 keep those in identity's archives): the last four, checked
against the document the person shows, is what the handbooks' sign-out forms ask for.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    name: str
    id_last4: str | None = None
    phone: str | None = None

    @property
    def has_proof(self) -> bool:
        return bool(self.id_last4 or self.phone)


def same_name(a: str, b: str) -> bool:
    """Names as written by hand differ in spacing and case (张 三, Zhang San): those differences do not count."""
    return _plain(a) == _plain(b) and _plain(a) != ""


def proves_to_be(claimant: Person, named: Person) -> bool:
    """Whether ``claimant`` is the ``named`` person: the same name and a matching proof the named one has."""
    if not same_name(claimant.name, named.name):
        return False
    if claimant.id_last4 and named.id_last4 and claimant.id_last4.upper() == named.id_last4.upper():
        return True
    return bool(claimant.phone and named.phone and _digits(claimant.phone) == _digits(named.phone))


def mask_name(name: str | None) -> str | None:
    """王** / Z*** in lists: the family name to greet the owner by, not the whole name."""
    if not name:
        return name
    shown = name.strip()
    return shown[:1] + "*" * max(1, len(shown) - 1)


def _plain(name: str) -> str:
    return "".join(name.split()).casefold()


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())
