"""What the code says a process needs, read from the code itself, for the manifests to be checked against.

- `environment_reads(entry)`: the environment variables a process reads, from the source of every module its
  entry module imports (transitively, within kefulib and the process's own package): literal names given to
  `os.environ.get/[]`, `os.getenv`, `env.get` (an alias of os.environ), kefulib's `_env` and `secret`, the console's
  `_env`, or module-level constants holding such a name; and prefixes read as `name.startswith("PREFIX_")` next to
  `os.environ` (notifications' NOTIFY_* channel variables).
- `required_secrets(entry)`: the names passed to `kefulib.config.secret(...)` (no value in production unless set) and
  to the console's `_env(name)` without a default (no value at all).
- `consumer_queues(service, exchange)`: the queues the service's worker consumes, from its real `build_consumers`
  and `Topology.queue_name` (no I/O: the Mongo client is created unconnected and nothing is declared).
"""
from __future__ import annotations

import ast
import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

ENV_GETTERS = {"_env", "secret", "getenv"}


@dataclass
class Reads:
    names: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    required: set[str] = field(default_factory=set)

    def reads(self, name: str) -> bool:
        return name in self.names or any(name.startswith(p) for p in self.prefixes)


def module_file(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    return Path(spec.origin) if spec and spec.origin and spec.origin.endswith(".py") else None


def reachable_modules(entry: str, roots: set[str]) -> dict[str, Path]:
    """`entry` and every module it imports, transitively, whose top-level package is in `roots`."""
    found: dict[str, Path] = {}
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in found or name.split(".")[0] not in roots:
            continue
        path = module_file(name)
        if path is None:
            continue
        found[name] = path
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        todo += [m for m in _imports(ast.parse(path.read_text()), package) if m not in found]
    return found


def _imports(tree: ast.Module, package: str) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]  # `from . import direct` imports a module
    return [n for n in names if importlib.util.find_spec(n.split(".")[0]) is not None and _exists(n)]


def _exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError, AttributeError):
        return False


def environment_reads(entry: str, roots: set[str]) -> Reads:
    reads = Reads()
    for path in reachable_modules(entry, roots).values():
        _scan(ast.parse(path.read_text()), reads)
    return reads


def file_reads(path: Path) -> Reads:
    reads = Reads()
    _scan(ast.parse(Path(path).read_text()), reads)
    return reads


def _scan(tree: ast.Module, reads: Reads) -> None:
    constants = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                 for t in node.targets if isinstance(t, ast.Name)}

    def name_of(arg) -> str | None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        if isinstance(arg, ast.Name):
            return constants.get(arg.id)
        return None

    source_mentions_environ, prefixes = False, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "environ":
            source_mentions_environ = True
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            if (name := name_of(node.slice)) is not None:
                reads.names.add(name)
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        name = name_of(node.args[0])
        if name is None:
            continue
        if called in ENV_GETTERS or (called == "get" and _is_environ_like(func.value)):
            reads.names.add(name)
        if called == "secret" or (called == "_env" and len(node.args) == 1 and not node.keywords):
            reads.required.add(name)
        if called == "startswith" and name.endswith("_") and name.isupper():
            prefixes.add(name)
    if source_mentions_environ:  # a prefix test on something other than the environment is no read
        reads.prefixes |= prefixes


def _is_environ(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _is_environ_like(node) -> bool:
    # os.environ.get(...), and `env.get(...)` where a function bound env = os.environ
    return _is_environ(node) or (isinstance(node, ast.Name) and node.id == "env")


def consumer_queues(service: str, exchange: str) -> set[str]:
    from kefulib.config import Settings
    from pymongo import MongoClient

    consumers = importlib.import_module(f"{service}.consumers")
    client = MongoClient("mongodb://127.0.0.1:9/", connect=False)  # never used: building consumers does no I/O
    try:
        built = consumers.build_consumers(client[f"kefu_{service}"], Settings.from_env(service, event_exchange=exchange))
    finally:
        client.close()
    return {consumer.queue for consumer in built}
