"""Who holds which role is identity's fact; it announces each change through its outbox, in the same
transaction as the change, for services that route work to people (notifications)."""
import pytest

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def hq(token_factory):
    return token_factory.headers("hq", ["identity:admin"], ["hq_admin"], subject="hq-admin", hq=True)


def role_events(db):
    rows = db.outbox.find({"routing_key": {"$regex": r"^identity\.staff\."}}).sort("created_at", 1)
    return [(o["envelope"]["type"].rsplit(".", 1)[1], o["envelope"]["tenant_id"], o["envelope"]["data"]["role"])
            for o in rows]


def test_creating_a_person_announces_each_role_in_its_scope_with_a_display_name_only(client, db, projects, hq):
    response = client.post("/staff", headers=hq, json={
        "username": "wangfang", "name": "Wang Fang", "password": PASSWORD,
        "roles": [{"role": "cs_supervisor", "project_id": "p1"}, {"role": "hq_general_manager"}]})
    assert response.status_code == 201, response.get_json()
    person = response.get_json()["id"]
    assert role_events(db) == [("role_granted", "p1", "cs_supervisor"), ("role_granted", "hq", "hq_general_manager")]
    data = [o["envelope"]["data"] for o in db.outbox.find({"routing_key": "identity.staff.role_granted"})]
    assert all(d.keys() == {"staff_id", "role", "display_name", "company_wide"} for d in data)
    assert {(d["staff_id"], d["display_name"], d["company_wide"]) for d in data} == {
        (person, "Wang Fang", False), (person, "Wang Fang", True)}


def test_granting_and_removing_announce_only_real_changes(client, db, projects, hq):
    person = client.post("/staff", headers=hq, json={"username": "liqiang", "name": "Li Qiang", "password": PASSWORD,
                                                     "roles": [{"role": "cs_assistant", "project_id": "p1"}]}).get_json()
    grant = {"role": "project_manager", "project_id": "p2"}
    assert client.post(f"/staff/{person['id']}/roles", json=grant, headers=hq).status_code == 200
    assert client.post(f"/staff/{person['id']}/roles", json=grant, headers=hq).status_code == 200  # already held
    removed = client.delete(f"/staff/{person['id']}/roles/project_manager", headers=hq,
                            query_string={"project_id": "p2"})
    assert removed.status_code == 200
    assert client.delete(f"/staff/{person['id']}/roles/project_manager", headers=hq,
                         query_string={"project_id": "p2"}).status_code == 200  # no longer held
    assert role_events(db) == [("role_granted", "p1", "cs_assistant"), ("role_granted", "p2", "project_manager"),
                               ("role_removed", "p2", "project_manager")]


def test_a_refused_account_announces_nothing(client, db, projects, hq):
    taken = {"username": "dup", "name": "Dup", "password": PASSWORD, "roles": [{"role": "cs_assistant", "project_id": "p1"}]}
    assert client.post("/staff", headers=hq, json=taken).status_code == 201
    assert client.post("/staff", headers=hq, json=taken).status_code == 409
    assert client.post("/staff", headers=hq, json={**taken, "username": "weak", "password": "1234567890"}).status_code == 422
    assert role_events(db) == [("role_granted", "p1", "cs_assistant")]


def test_staff_tokens_carry_the_inbox_scopes_read_only_roles_only_read(client):
    from identity.domain.scopes import role_scopes
    assert {"notifications:read", "notifications:write"} <= role_scopes(["cs_supervisor"])
    assert {"notifications:read", "notifications:write"} <= role_scopes(["hq_general_manager"])
    assert "notifications:read" in role_scopes(["hq_auditor"]) and "notifications:write" not in role_scopes(["hq_auditor"])
