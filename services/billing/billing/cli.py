"""Operator commands for billing.

    python -m billing.cli seed-catalogue --tenant PROJECT_ID   (or: kefu-billing seed-catalogue ...)

Loads seed 001's 28 free and 60 paid services and the sample repair price list into one
project's catalogue; running it again adds nothing.

    python -m billing.cli rebuild-revenue-rollup [--project PROJECT_ID ...]

Recomputes HQ revenue's month roll-up (handlers.revenue_rollup) from the journal, for every project or the named
ones: for data posted before the roll-up existed, or to repair it. Every journal entry keeps it in step by itself.
"""
from __future__ import annotations

import argparse
import json
import sys

from kefulib.config import Settings
from kefulib.store import connect, ensure_indexes

from .handlers import revenue_rollup
from .handlers.catalogue import seed_catalogue
from .store import INDEXES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kefu-billing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    seed = commands.add_parser("seed-catalogue", help="load the seed-001 catalogue into a project")
    seed.add_argument("--tenant", required=True, help="the property project's tenant id")
    rollup = commands.add_parser("rebuild-revenue-rollup", help="recompute HQ revenue's month roll-up from the journal")
    rollup.add_argument("--project", action="append", help="a project's tenant id (repeat; default: every project)")
    args = parser.parse_args(argv)
    settings = Settings.from_env("billing")
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    if args.command == "rebuild-revenue-rollup":
        rows = revenue_rollup.rebuild(db, args.project)
        print(json.dumps({"projects": args.project or "all", "rows": rows}, ensure_ascii=False))
        return 0
    result = seed_catalogue(db, args.tenant, "cli")
    print(json.dumps({"tenant": args.tenant, **result}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
