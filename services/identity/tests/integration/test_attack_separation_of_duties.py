"""Attacks on separation of duties (ID-7) over REST with real staff accounts signed in by password:
a manager making a second manager to sign their own borrowing request, and the same through an account
the requester created; and the staff list matching project and role in different assignments."""
import base64
from datetime import timedelta

import pytest

PASSWORD = "correct horse battery"
OWNER = {"since": "2024-03-01", "name": "王小明", "id_number": "110101199001011234", "phone": "13812341234"}


@pytest.fixture
def hq(token_factory):
    return token_factory.headers("hq", ["identity:admin"], ["hq_admin"], subject="hq-admin", hq=True)


@pytest.fixture
def owner(client, units, as_role):
    response = client.post("/units/1-1-101/owner", json=OWNER, headers=as_role("p1", "cs_administrator"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def create(client, headers, username, *roles, status=201):
    response = client.post("/staff", headers=headers, json={
        "username": username, "name": username, "password": PASSWORD,
        "roles": [{"role": role, "project_id": project} for role, project in roles]})
    assert response.status_code == status, response.get_json()
    return response.get_json()


def sign_in(client, creds, username, tenant="p1"):
    """A real token from identity's password grant (the staff console's client)."""
    app = creds["staff_app"]
    basic = base64.b64encode(f"{app['client_id']}:{app['client_secret']}".encode()).decode()
    response = client.post("/oauth/token", headers={"Authorization": f"Basic {basic}"}, data={
        "grant_type": "password", "username": username, "password": PASSWORD, "tenant_id": tenant})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": "Bearer " + response.get_json()["access_token"]}


def ask_for_the_phone(client, headers, clock):
    response = client.post("/borrowing-requests", headers=headers, json={
        "record_kind": "owner_archive", "purpose": "billing", "fields": ["name", "phone"],
        "valid_until": (clock.at + timedelta(hours=1)).isoformat()})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def read_the_phone(client, headers):
    return client.get("/units/1-1-101/owner?purpose=billing&fields=phone", headers=headers)


def assert_refused(response, *words):
    assert response.status_code == 403, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert all(w in response.get_json()["detail"] for w in words), response.get_json()


def test_attack_manager_creates_second_manager_to_self_approve(client, db, creds, owner, hq, clock):
    create(client, hq, "pm-alice", ("project_manager", "p1"))
    alice = sign_in(client, creds, "pm-alice")
    # Step 1 of the attack, refused: a manager may not create a manager ...
    for roles in ([{"role": "project_manager", "project_id": "p1"}], [{"role": "project_manager"}],
                  [{"role": "cs_assistant"}, {"role": "project_manager"}]):
        assert_refused(client.post("/staff", headers=alice, json={
            "username": "pm-alice-2", "name": "Alice again", "password": PASSWORD, "roles": roles}),
            "Only HQ", "project manager")
    assert db.staff.count_documents({"username": "pm-alice-2"}) == 0  # nothing written
    # ... nor give the role to an account she made (or to anyone).
    second = create(client, alice, "alice-second", ("cs_supervisor", "p1"))
    assert_refused(client.post(f"/staff/{second['id']}/roles", json={"role": "project_manager"}, headers=alice),
                   "Only HQ")
    assert [a["role"] for a in db.staff.find_one({"_id": second["id"]})["assignments"]] == ["cs_supervisor"]
    # The rest of the path leads nowhere: her own request stays unapproved and the phone unread.
    request = ask_for_the_phone(client, alice, clock)
    as_second = sign_in(client, creds, "alice-second")
    assert client.post(f"/borrowing-requests/{request['id']}/approve", json={}, headers=as_second).status_code == 403
    assert_refused(client.post(f"/borrowing-requests/{request['id']}/approve", json={}, headers=alice),
                   "own request")
    assert read_the_phone(client, alice).status_code == 403
    assert db.archive_approvals.find_one({"_id": request["id"]})["status"] == "pending"


def test_attack_manager_approves_own_request_via_an_account_they_created(client, db, creds, owner, hq, clock):
    create(client, hq, "pm-alice", ("project_manager", "p1"))
    alice = sign_in(client, creds, "pm-alice")
    # Alice creates an ordinary account; later HQ, unaware, promotes it to manager (or it predates the rule).
    puppet = create(client, alice, "alice-puppet", ("cs_supervisor", "p1"))
    assert client.post(f"/staff/{puppet['id']}/roles", json={"role": "project_manager", "project_id": "p1"},
                       headers=hq).status_code == 200
    assert db.staff.find_one({"_id": puppet["id"]})["created_by"] == db.staff.find_one({"username": "pm-alice"})["_id"]
    request = ask_for_the_phone(client, alice, clock)
    as_puppet = sign_in(client, creds, "alice-puppet")
    assert_refused(client.post(f"/borrowing-requests/{request['id']}/approve", json={"note": "ok"}, headers=as_puppet),
                   "created by the requester")
    assert db.archive_approvals.find_one({"_id": request["id"]})["status"] == "pending"
    assert read_the_phone(client, alice).status_code == 403
    # One step removed is still Alice: the puppet makes another account, HQ promotes that one too.
    grandchild = create(client, as_puppet, "alice-puppet-2", ("cs_assistant", "p1"))
    client.post(f"/staff/{grandchild['id']}/roles", json={"role": "project_manager", "project_id": "p1"}, headers=hq)
    assert_refused(client.post(f"/borrowing-requests/{request['id']}/approve", json={},
                               headers=sign_in(client, creds, "alice-puppet-2")), "created by the requester")
    # A manager HQ made signs, and then (only then) Alice reads the phone.
    create(client, hq, "pm-bob", ("project_manager", "p1"))
    approved = client.post(f"/borrowing-requests/{request['id']}/approve", json={},
                           headers=sign_in(client, creds, "pm-bob"))
    assert approved.status_code == 200, approved.get_json()
    assert read_the_phone(client, alice).get_json()["record"] == {"phone": "13812341234"}


def test_a_manager_still_approves_for_staff_whose_account_they_created(client, creds, owner, hq, clock):
    """The ordinary direction stays open: managers create their staff's accounts and sign their requests."""
    create(client, hq, "pm-alice", ("project_manager", "p1"))
    alice = sign_in(client, creds, "pm-alice")
    create(client, alice, "tech-tom", ("technician", "p1"))
    tom = sign_in(client, creds, "tech-tom")
    request = ask_for_the_phone(client, tom, clock)
    assert client.post(f"/borrowing-requests/{request['id']}/approve", json={}, headers=alice).status_code == 200


def test_attack_staff_list_by_role_shows_managers_of_another_project(client, projects, hq, token_factory):
    create(client, hq, "li-wei", ("cs_assistant", "p1"), ("project_manager", "p2"))  # a manager only in p2
    create(client, hq, "pm-p1", ("project_manager", "p1"))
    create(client, hq, "auditor", ("cs_assistant", "p1"))
    client.post(f"/staff/{create(client, hq, 'hq-aud', ('cs_supervisor', 'p2'))['id']}/roles",
                json={"role": "hq_auditor"}, headers=hq)
    manager = token_factory.headers("p1", ["identity:admin"], ["project_manager"], subject="p1-pm")

    def names(query, headers=manager):
        response = client.get(f"/staff?{query}", headers=headers)
        assert response.status_code == 200, response.get_json()
        return [item["username"] for item in response.get_json()["items"]]

    assert names("role=project_manager") == ["pm-p1"]
    assert names("role=project_manager&project_id=p1", hq) == ["pm-p1"]
    assert names("role=cs_assistant") == ["auditor", "li-wei"]
    assert names("role=hq_auditor&project_id=p2", hq) == ["hq-aud"]  # an HQ role, with some role in p2
    assert names("role=hq_auditor") == []  # not in p1 at all
    assert names("role=project_manager", hq) == ["li-wei", "pm-p1"]  # HQ without a project: anywhere
