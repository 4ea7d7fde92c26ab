"""Operator commands for ticketing.

    python -m ticketing.cli rebuild-rollup [--project PROJECT_ID ...]   (or: kefu-ticketing rebuild-rollup ...)

Recomputes the HQ reports' month roll-up (handlers.rollup) from the tickets, for every project or the named ones:
after an upgrade that adds it to existing data, or to repair it after a hand edit of tickets. Every ticket write keeps
it in step by itself; run this while the named projects' tickets are not being written.
"""
from __future__ import annotations

import argparse
import json
import sys

from kefulib.config import Settings
from kefulib.store import connect, ensure_indexes

from .handlers.rollup import rebuild
from .store import INDEXES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kefu-ticketing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    rollup = commands.add_parser("rebuild-rollup", help="recompute the HQ month roll-up from the tickets")
    rollup.add_argument("--project", action="append", help="a project's tenant id (repeat; default: every project)")
    args = parser.parse_args(argv)
    settings = Settings.from_env("ticketing")
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    rows = rebuild(db, args.project)
    print(json.dumps({"projects": args.project or "all", "rows": rows}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
