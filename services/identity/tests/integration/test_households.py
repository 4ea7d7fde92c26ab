"""Households' contacts for the platform's own services (notices, parcels, surveys): only a service client reads
them, a project at a time, each page logged in that project's access log; another project's units look missing."""
import pytest

OWNER = {"since": "2024-03-01", "name": "王小明", "id_number": "110101199001011234", "phone": "13812341234"}
# The owner lives there with his wife; the emergency contact lives elsewhere and is not written to.
RESIDENTS = {"members": [{"name": "王小明", "phone": "13812341234"}, {"name": "李娟", "phone": "13900001111"}],
             "emergency_contact": {"name": "王大明", "phone": "13700002222"}}

HOUSEHOLDS = ["identity:households"]


@pytest.fixture
def service(token_factory):
    return token_factory.headers("hq", HOUSEHOLDS, ["service:notifications"], subject="cli_notify", hq=True)


@pytest.fixture
def households(client, units, as_role):
    manager = as_role("p1", "cs_administrator")
    assert client.post("/units/1-1-101/owner", json=OWNER, headers=manager).status_code == 201
    assert client.put("/units/1-1-101/residents", json=RESIDENTS, headers=manager).status_code == 201
    return units


def test_a_service_reads_each_household_once_per_phone_with_the_owner_first(client, households, service):
    answer = client.get("/hq/households?project=p1&purpose=customer_notice", headers=service)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["total"], body["page"]) == (2, 1)
    first, second = body["items"]
    # The owner lives there too: one contact for the owner's phone, then the other member.
    assert first == {"unit_id": "1-1-101", "building": "1", "contacts": [
        {"role": "owner", "name": "王小明", "phone": "13812341234"},
        {"role": "resident", "name": "李娟", "phone": "13900001111"}]}
    assert second == {"unit_id": "1-2-201", "building": "1", "contacts": []}  # no archive yet: no one to write to


def test_each_page_read_is_one_entry_in_the_projects_access_log(client, db, households, service):
    client.get("/hq/households?project=p1&purpose=survey&page_size=1", headers=service)
    client.get("/hq/households?project=p1&unit_id=1-2-201&purpose=customer_notice", headers=service)
    entries = list(db.access_log.find({"tenant_id": "p1", "record_kind": "household_contacts"}).sort("seq", 1))
    assert [(e["actor"], e["purpose"], e["record_id"], e["allowed"]) for e in entries] == [
        ("cli_notify", "survey", "all;units=1-1-101..1-1-101;count=1", True),
        ("cli_notify", "customer_notice", "unit_id=1-2-201;units=1-2-201..1-2-201;count=1", True)]
    assert entries[1]["prev_hash"] == entries[0]["hash"]  # in the project's one chain, after what came before


def test_another_projects_households_are_not_in_the_answer(client, households, service):
    other = client.get("/hq/households?project=p2&unit_id=1-1-101&purpose=customer_notice", headers=service)
    assert other.status_code == 200 and all(h["contacts"] == [] for h in other.get_json()["items"])
    missing = client.get("/hq/households?project=nosuch&purpose=customer_notice", headers=service).get_json()
    assert (missing["items"], missing["total"]) == ([], 0)


def test_a_person_even_at_hq_or_a_project_client_with_the_scope_cannot_read_them(client, households, token_factory):
    hq_staff = token_factory.headers("hq", ["identity:read", "identity:archives"], ["hq_general_manager"], hq=True)
    project_client = token_factory.headers("p1", HOUSEHOLDS, ["integration_client"])
    for headers in (hq_staff, project_client):
        answer = client.get("/hq/households?project=p1&purpose=customer_notice", headers=headers)
        assert answer.status_code == 403 and answer.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("query, field", [
    ("purpose=customer_notice", "project"), ("project=p1", "purpose"), ("project=p1&purpose=gossip", "purpose"),
    ("project=p1&purpose=survey&page_size=1001", "page_size"), ("project=p1&purpose=survey&building=a-b", "building")])
def test_a_bad_query_names_the_field_and_logs_nothing(client, db, households, service, query, field):
    answer = client.get(f"/hq/households?{query}", headers=service)
    assert answer.status_code == 422 and field in str(answer.get_json())
    assert db.access_log.count_documents({"record_kind": "household_contacts"}) == 0


def test_the_first_and_last_unit_of_a_page_keep_their_residents(client, households, service, as_role):
    # The page's archives are read as the range of its units: its bounds belong to it (a `$lte` on the embedded
    # server's compound index once dropped the last unit's household).
    manager = as_role("p1", "cs_administrator")
    assert client.put("/units/1-2-201/residents", json={"members": [{"name": "赵敏", "phone": "13600003333"}]},
                      headers=manager).status_code == 201
    body = client.get("/hq/households?project=p1&purpose=customer_notice&page_size=2", headers=service).get_json()
    assert [(h["unit_id"], [c["phone"] for c in h["contacts"]]) for h in body["items"]] == [
        ("1-1-101", ["13812341234", "13900001111"]), ("1-2-201", ["13600003333"])]
