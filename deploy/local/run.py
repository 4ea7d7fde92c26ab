"""`make run`: the whole platform on this machine as local processes, seeded with a demo project.

Uses MONGO_URL when set, otherwise starts a SecantusDB server keeping its data in .run/mongo;
uses the RabbitMQ at AMQP_URL (default 127.0.0.1:5672). Prints the URLs and a ready token.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path

import pika
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from kefulib.testing.servers import MongoServer, start_secantus, wait_for_mongo  # noqa: E402

from deploy.local import demo  # noqa: E402
from deploy.local.local_platform import ROOT, SERVICES, LocalPlatform  # noqa: E402

RUN_DIR = ROOT / ".run"
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
LOCAL_MONGO_PORT = int(os.environ.get("LOCAL_MONGO_PORT", "27027"))


def mongo() -> MongoServer:
    if os.environ.get("MONGO_URL"):
        url = os.environ["MONGO_URL"]
        return MongoServer(url, "MongoDB at MONGO_URL", wait_for_mongo(url))
    data = RUN_DIR / "mongo"
    data.mkdir(parents=True, exist_ok=True)
    return start_secantus(str(data), LOCAL_MONGO_PORT, str(RUN_DIR / "mongo.log"))


def check_rabbitmq() -> None:
    try:
        pika.BlockingConnection(pika.URLParameters(AMQP_URL)).close()
    except Exception as exc:
        sys.exit(f"RabbitMQ is not reachable at {AMQP_URL} ({exc}).\n"
                 "Start it (e.g. `rabbitmq-server -detached`) or set AMQP_URL.")


def demo_token(platform: LocalPlatform, client: dict) -> str:
    response = requests.post(platform.url("identity") + "/oauth/token", data={"grant_type": "client_credentials"},
                             auth=(client["client_id"], client["client_secret"]), timeout=10)
    response.raise_for_status()
    return response.json()["access_token"]


def start_console(platform: LocalPlatform, creds: dict) -> list[dict]:
    """Starts the staff console (registered once at identity; its client kept in .run/console-client.json).
    On the first run (when bootstrap made HQ's administrator) it also makes demo units and staff."""
    saved = RUN_DIR / "console-client.json"
    if not saved.exists():
        saved.write_text(json.dumps(platform.console_client(), indent=2))
        saved.chmod(0o600)
    platform.start_console(json.loads(saved.read_text()))
    if "hq_admin" not in creds:
        return []
    demo.create_units(platform.url("identity"), creds["client"])
    staff = demo.create_demo_staff(platform.url("identity"), creds["hq_admin"], creds["tenant"])
    supervisor = next(person for person in staff if person["roles"] == ["cs_supervisor"])
    demo.create_demo_answers(platform.url("identity"), platform.url("desk"), creds["hq_admin"], creds["staff_app"],
                             supervisor, creds["tenant"])
    return staff


def main() -> None:
    check_rabbitmq()
    server = mongo()
    platform = LocalPlatform(mongo_url=server.url, amqp_url=AMQP_URL, log_dir=RUN_DIR / "logs")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        platform.start()
        creds = platform.bootstrap("demo", "Demo project")
        (RUN_DIR / "credentials.json").write_text(json.dumps(creds, indent=2))
        token = demo_token(platform, creds["client"])
        staff = start_console(platform, creds)
        print(f"\nkefu is running (database: {server.engine} {server.version}; logs in {RUN_DIR / 'logs'})\n")
        for service in SERVICES:
            print(f"  {service:<10} {platform.url(service)}   docs: {platform.url(service)}/docs   "
                  f"spec: {platform.url(service)}/openapi.json")
        print(f"\n  console    {platform.console_url}   (staff web console: sign in with a demo account)")
        if staff:  # the first run only: passwords are shown here once and stored nowhere in clear
            print("\nDemo staff accounts of project 'demo' (shown once; one per role):")
            for person in staff:
                print(f"  {person['username']:<32} {person['password']:<20} {', '.join(person['roles'])}")
        print(f"\nDemo project 'demo', client {creds['client']['client_id']} (credentials in .run/credentials.json)")
        print(f"\nexport TOKEN={token}\n")
        print(f"curl -s -X POST {platform.url('ticketing')}/tickets -H \"Authorization: Bearer $TOKEN\" "
              "-H 'Content-Type: application/json' -d '{\"kind\":\"repair\",\"title\":\"Kitchen tap leaks\"}'")
        print(f"curl -s {platform.url('visits')}/return-visits -H \"Authorization: Bearer $TOKEN\"")
        print("\nThe token lasts 15 minutes; get another with:")
        print(f"curl -s -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials {platform.url('identity')}/oauth/token")
        print("\nPress Ctrl-C to stop.", flush=True)
        while not stop.wait(2.0):
            for service in platform.restart_exited_workers():
                print(f"{service} worker had exited; restarted it (see {RUN_DIR / 'logs'})", flush=True)
    finally:
        platform.stop()
        server.stop()


if __name__ == "__main__":
    main()
