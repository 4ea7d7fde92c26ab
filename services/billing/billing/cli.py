"""Operator commands for billing.

    python -m billing.cli seed-catalogue --tenant PROJECT_ID   (or: kefu-billing seed-catalogue ...)

Loads seed 001's 28 free and 60 paid services and the sample repair price list into one
project's catalogue; running it again adds nothing.
"""
from __future__ import annotations

import argparse
import json
import sys

from kefulib.config import Settings
from kefulib.store import connect, ensure_indexes

from .handlers.catalogue import seed_catalogue
from .store import INDEXES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kefu-billing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    seed = commands.add_parser("seed-catalogue", help="load the seed-001 catalogue into a project")
    seed.add_argument("--tenant", required=True, help="the property project's tenant id")
    args = parser.parse_args(argv)
    settings = Settings.from_env("billing")
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    result = seed_catalogue(db, args.tenant, "cli")
    print(json.dumps({"tenant": args.tenant, **result}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
