"""The renovation screens' role lists (console/web/src/renovation.js) mirror the renovation service's domain and
identity's role-to-scope table, so a button shows for exactly those renovation would let act; read here from both."""
import re
from pathlib import Path

from identity.domain.scopes import RENOVATION_WORKERS
from renovation.domain.applications import CS_ROLES, ENGINEERING_ROLES, MANAGER_ROLES
from renovation.domain.completion import INSPECTORS
from renovation.domain.patrols import PATROL_ROLES
from renovation.domain.works import EXTENSION_APPROVERS, HOT_WORK_APPROVERS

JS = (Path(__file__).resolve().parents[1] / "web" / "src" / "renovation.js").read_text(encoding="utf-8")


def js_roles(name: str) -> set[str]:
    """A list `export const NAME = [...]` of renovation.js (or another list's name), its spreads resolved."""
    alias = re.search(rf"export const {name} = ([A-Z_]+)\b", JS)
    if alias:
        return js_roles(alias[1])
    found = re.search(rf"export const {name} = \[([^\]]*)\]", JS)
    assert found, name
    roles = set(re.findall(r"'([a-z_]+)'", found[1]))
    for spread in re.findall(r"\.\.\.([A-Z_]+)", found[1]):
        roles |= js_roles(spread)
    return roles


def test_the_screens_role_lists_are_the_domains():
    for name, domain in (("CS_ROLES", CS_ROLES), ("ENGINEERING_ROLES", ENGINEERING_ROLES),
                         ("MANAGER_ROLES", MANAGER_ROLES), ("PATROL_ROLES", PATROL_ROLES), ("INSPECTORS", INSPECTORS),
                         ("HOT_WORK_APPROVERS", HOT_WORK_APPROVERS), ("EXTENSION_APPROVERS", EXTENSION_APPROVERS)):
        assert js_roles(name) == set(domain), name


def test_the_screens_writers_are_those_identity_gives_renovation_write():
    assert js_roles("WRITERS") == {str(role) for role in RENOVATION_WORKERS}
