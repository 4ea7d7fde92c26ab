"""A service's rules stay pure: no database, web framework or broker, and no clock (times are passed in).

`impurities(domain_dir)` lists what breaks that in a `domain` package; a service's unit test asserts it is empty."""
from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN_MODULES = {"pymongo", "flask", "flask_smorest", "pika", "kefulib", "requests", "time"}
PURE_KEFULIB = {"kefulib.domain_errors"}  # shared and itself pure
CLOCK_CALLS = {"now", "utcnow", "today"}


def _forbidden(module: str) -> bool:
    return module.split(".")[0] in FORBIDDEN_MODULES and module not in PURE_KEFULIB


def impurities(domain: Path) -> list[str]:
    offences = []
    for path in sorted(domain.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                offences += [f"{path.name}: import {a.name}" for a in node.names if _forbidden(a.name)]
            elif isinstance(node, ast.ImportFrom) and node.module and _forbidden(node.module):
                offences.append(f"{path.name}: from {node.module}")
            elif isinstance(node, ast.Attribute) and node.attr in CLOCK_CALLS:
                offences.append(f"{path.name}: .{node.attr}")
    return offences
