"""identity's views only load the request, call one handler and dump its answer (issue 11): no view module reaches
a collection, builds a cursor or a page, or reads the clock. Those belong to identity/handlers/."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "identity"
VIEWS = sorted(PACKAGE.glob("api*.py"))
# Names a view must not import: the store (collections), paging, the tenant-scoped collection, the clock.
FORBIDDEN_IMPORTS = {"store", "kefulib.store", "kefulib.clock", "kefulib.paging"}
FORBIDDEN_NAMES = {"TenantCollection", "tenant_collection", "page_of", "recent_page", "now", "run_in_transaction"}
# Calls that read or write a collection.
COLLECTION_CALLS = {"find", "find_one", "count_documents", "insert_one", "insert_many", "update_one", "update_many",
                    "find_one_and_update", "delete_one", "aggregate", "distinct"}


def test_the_view_modules_are_the_five_of_the_module_map():
    assert [view.name for view in VIEWS] == ["api.py", "api_archives.py", "api_directory.py", "api_project.py",
                                             "api_records.py"]


@pytest.mark.parametrize("view", VIEWS, ids=lambda path: path.name)
def test_no_view_touches_a_collection_a_cursor_or_the_clock(view):
    tree = ast.parse(view.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = ("." * node.level) + (node.module or "")
            if module.lstrip(".") in FORBIDDEN_IMPORTS:
                found.append(f"imports {module}")
            found += [f"imports {alias.name}" for alias in node.names if alias.name in FORBIDDEN_NAMES]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in COLLECTION_CALLS:
            found.append(f"calls .{node.func.attr}() on line {node.lineno}")
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "db":
            found.append(f"indexes a collection on line {node.lineno}")
    assert not found, f"{view.name}: {found}"
