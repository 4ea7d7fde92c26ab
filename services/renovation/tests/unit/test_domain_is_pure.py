"""renovation's rules stay pure: no database, web framework or broker, and no clock (times are passed in)."""
import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "renovation" / "domain"
FORBIDDEN_MODULES = {"pymongo", "flask", "flask_smorest", "pika", "kefulib", "requests", "time"}
CLOCK_CALLS = {"now", "utcnow", "today"}


def test_no_domain_module_imports_io_or_reads_the_clock():
    offences = []
    for path in sorted(DOMAIN.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                offences += [f"{path.name}: import {a.name}" for a in node.names
                             if a.name.split(".")[0] in FORBIDDEN_MODULES]
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in FORBIDDEN_MODULES:
                offences.append(f"{path.name}: from {node.module}")
            elif isinstance(node, ast.Attribute) and node.attr in CLOCK_CALLS:
                offences.append(f"{path.name}: .{node.attr}")
    assert offences == []
