"""The whole platform started as real processes (gunicorn + workers) for end-to-end tests."""
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from authlib.integrations.requests_client import OAuth2Session

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from kefulib.testing.fixtures import TEST_QUEUE_EXPIRES_MS, delete_queues_of, mongo_server  # noqa: E402

from deploy.local.local_platform import SERVICES, LocalPlatform, free_ports  # noqa: E402


@pytest.fixture(scope="module")
def platform(amqp_url):
    run_id = uuid.uuid4().hex[:10]
    log_dir = Path(tempfile.mkdtemp(prefix="kefu-e2e-"))
    local = LocalPlatform(mongo_url=mongo_server().url, amqp_url=amqp_url, log_dir=log_dir, db_prefix=f"e2e_{run_id}",
                          exchange=f"test.e2e.{run_id}", ports=free_ports(), metrics_ports=free_ports(),
                          extra_env={"QUEUE_EXPIRES_MS": str(TEST_QUEUE_EXPIRES_MS), "WEB_CONCURRENCY": "1",
                                     "LOG_LEVEL": "WARNING",
                                     # the real setting, scanned every second so SLA tests take seconds
                                     "SLA_SCAN_SECONDS": "1",
                                     # likewise desk's overdue-key scan and renovation's review scan (60 s)
                                     "DESK_OVERDUE_SCAN_SECONDS": "1", "RENOVATION_SLA_SCAN_SECONDS": "1"})
    try:
        local.start()
        yield local
    finally:
        local.stop()
        delete_queues_of(amqp_url, local.exchange)
        from pymongo import MongoClient
        client = MongoClient(local.mongo_url)
        for service in [*SERVICES, "console"]:
            client.drop_database(f"{local.db_prefix}_{service}")


@pytest.fixture(scope="module")
def credentials(platform):
    return platform.bootstrap("demo", "Demo project")


@pytest.fixture(scope="module")
def console(platform, credentials):
    """The staff console process of this platform, registered at identity; its URL."""
    from kefulib.testing.servers import free_port
    platform.console_port = free_port()
    platform.start_console(platform.console_client())
    return platform.console_url


# Debian's Chromium, driven by Playwright (never `playwright install`), with the flags a headless CI machine needs.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (a fresh profile each launch); each person gets their own context."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


# Every e2e staff account's password: the browser tests type it at identity's sign-in page.
E2E_PASSWORD = "Kefu-e2e-Passw0rd!"


@pytest.fixture(scope="module")
def hq_admin(platform, credentials):
    """The platform's HQ administrator client (client-credentials grant): creates projects and staff."""
    session = OAuth2Session(credentials["hq_admin"]["client_id"], credentials["hq_admin"]["client_secret"],
                            token_endpoint_auth_method="client_secret_basic")
    session.fetch_token(platform.url("identity") + "/oauth/token", grant_type="client_credentials")
    return session


@pytest.fixture(scope="module")
def make_person(platform, hq_admin):
    """A staff account: `roles` in one project, or HQ's roles across projects with `project=None`."""
    def make(username: str, name: str, roles: list[str], project: str | None = "demo") -> dict:
        created = hq_admin.post(platform.url("identity") + "/staff", json={
            "username": username, "name": name, "password": E2E_PASSWORD,
            "roles": [{"role": role, **({"project_id": project} if project else {})} for role in roles]})
        assert created.status_code == 201, created.text
        return {"id": created.json()["id"], "username": username, "name": name, "roles": roles, "project": project}
    return make


@pytest.fixture(scope="module")
def password_session(platform, credentials):
    """A person signed in with the staff app's password grant, as the console signs them in (a real token)."""
    def session_for(person: dict) -> OAuth2Session:
        app = credentials["staff_app"]
        session = OAuth2Session(app["client_id"], app["client_secret"], token_endpoint_auth_method="client_secret_basic")
        session.fetch_token(platform.url("identity") + "/oauth/token", username=person["username"],
                            password=E2E_PASSWORD, tenant_id=person["project"] or "hq")
        return session
    return session_for


@pytest.fixture(scope="module")
def sign_in(platform):
    """A real OAuth 2 client (authlib) that fetches its token with the client-credentials grant."""
    def session_for(client_id, client_secret, scope=None) -> OAuth2Session:
        session = OAuth2Session(client_id, client_secret, scope=scope, token_endpoint_auth_method="client_secret_basic")
        session.fetch_token(platform.url("identity") + "/oauth/token", grant_type="client_credentials")
        return session
    return session_for


FAULT_REPORT: list[dict] = []


@pytest.fixture(scope="session")
def fault_report():
    """Fault tests add one row each; the report is printed at the end and written to .run/fault-report.md."""
    return FAULT_REPORT


def pytest_terminal_summary(terminalreporter):
    if not FAULT_REPORT:
        return
    lines = ["| fault | accepted | delivered once | lost | duplicated | outcome |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['fault']} | {r['accepted']} | {r['delivered']} | {r['lost']} | {r['duplicated']} | {r['outcome']} |"
              for r in FAULT_REPORT]
    report = "# Fault report\n\n" + "\n".join(lines) + "\n"
    path = Path(__file__).resolve().parents[2] / ".run" / "fault-report.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(report)
    terminalreporter.write_sep("-", "fault report")
    for line in lines:
        terminalreporter.write_line(line)
