"""Attack on client registration: a client must not carry scopes its registrar does not hold."""
from identity.domain import ungrantable_scopes


def test_attack_project_manager_cannot_create_a_client_with_scopes_they_lack(client, projects, token_factory, db):
    manager = token_factory.headers("p1", ["identity:admin", "identity:read", "ticketing:read"], ["project_manager"])
    response = client.post("/tenants/p1/clients", headers=manager,
                           json={"name": "escalator", "scopes": ["webhooks:manage", "identity:read", "billing:write"]})
    assert response.status_code == 403 and response.mimetype == "application/problem+json"
    detail = response.get_json()["detail"]
    assert "webhooks:manage" in detail and "billing:write" in detail and "identity:read" not in detail
    assert db.oauth_clients.count_documents({"tenant_id": "p1"}) == 0
    allowed = client.post("/tenants/p1/clients", headers=manager, json={"name": "ok", "scopes": ["ticketing:read"]})
    assert allowed.status_code == 201


def test_attack_client_without_identity_admin_cannot_hand_out_identity_admin(client, projects, token_factory):
    # A project-level token carrying identity:admin but no hq_admin role; the scope is held, so it may pass it on,
    # but nothing beyond: webhooks:manage is refused.
    caller = token_factory.headers("p1", ["identity:admin"], ["integration_client"])
    refused = client.post("/tenants/p1/clients", headers=caller, json={"name": "x", "scopes": ["webhooks:manage"]})
    assert refused.status_code == 403 and "webhooks:manage" in refused.get_json()["detail"]


def test_hq_admin_may_grant_any_scope(client, projects, token_factory):
    hq = token_factory.headers("hq", ["identity:admin"], ["hq_admin"], subject="hq-admin", hq=True)
    response = client.post("/tenants/p1/clients", headers=hq, json={"name": "hooks", "scopes": ["webhooks:manage"]})
    assert response.status_code == 201 and response.get_json()["scopes"] == ["webhooks:manage"]
    assert ungrantable_scopes(["webhooks:manage"], [], grants_any=True) == []
