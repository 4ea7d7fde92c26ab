"""Archive reads must not be kept by a browser, proxy or gateway cache: every GET of the archive, register
and staff blueprints (generated from identity's OpenAPI document) answers Cache-Control: no-store."""
from kefulib.testing.tenant_probe import PATH_PARAM, operations

PERSONAL_DATA_TAGS = {"archives", "records", "staff"}


def test_attack_shared_cache_keeps_archive_reads(client, units, as_role, token_factory):
    keeper = as_role("p1", "cs_administrator")
    owner = client.post("/units/1-1-101/owner", json={"since": "2024-03-01", "name": "王小明", "phone": "13812341234"},
                        headers=keeper).get_json()
    client.put("/units/1-1-101/residents", json={"members": [{"name": "王小明"}]}, headers=keeper)
    event = client.post("/important-events", headers=keeper, json={"kind": "major_complaint", "title": "t"}).get_json()
    customer = client.post("/customers", headers=keeper, json={"unit_id": "1-1-101", "name": "王小明"}).get_json()
    values = {"unit_id": "1-1-101", "owner_id": owner["owner_id"], "event_id": event["id"],
              "customer_id": customer["customer_id"], "kind": "move_in", "person_id": "stf_missing",
              "request_id": "apr_missing", "check_id": "chk_missing"}
    reader = token_factory.headers("p1", ["identity:admin", "identity:read", "identity:write", "identity:archives"],
                                   ["project_manager", "cs_administrator", "security"], subject="p1-pm")
    spec = client.get("/openapi.json").get_json()
    answered = {}
    for method, path, operation in operations(spec):
        if method != "get" or not set(operation.get("tags", [])) & PERSONAL_DATA_TAGS:
            continue
        url = PATH_PARAM.sub(lambda m: values[m.group(1)], path)
        required = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")]
        query = {"purpose": "customer_service"} if "purpose" in required else {}
        response = client.get(url, query_string=query, headers=reader)
        answered[path] = response.status_code
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
    # The reads that carry personal data were really made (not just refusals with the header).
    for path in ("/units/{unit_id}/owner", "/owner-archives/{owner_id}", "/units/{unit_id}/residents", "/contact-list",
                 "/access-log", "/customers/{customer_id}", "/important-events/{event_id}", "/staff"):
        assert answered[path] == 200, (path, answered)
    # Errors too: a refused archive read still names the access-log entry and must not be cached either.
    refused = client.get("/units/1-1-101/owner?purpose=repair_dispatch", headers=as_role("p1", "technician"))
    assert refused.status_code == 403 and refused.headers["Cache-Control"] == "no-store"
