"""Hostile subscription requests over REST: refused as 422 problems naming the field, nothing stored."""
import pytest
from webhooks.app import create_app
from webhooks.config import ALLOW_PRIVATE_URLS, ALLOW_PRIVATE_URLS_ENV, settings_from_env

from .support import SCOPE


@pytest.fixture
def strict_app(settings_for, token_factory):
    """The service as production runs it: WEBHOOKS_ALLOW_PRIVATE_URLS unset."""
    return create_app(settings_for("webhooks"), jwks_fetcher=lambda: token_factory.jwks)


def post(app, token_factory, url, tenant="p1"):
    return app.test_client().post("/subscriptions", json={"url": url, "event_types": ["*"]},
                                  headers=token_factory.headers(tenant, SCOPE))


def stored(app, tenant="p1"):
    return app.extensions["kefu"].db.subscriptions.count_documents({"tenant_id": tenant})


@pytest.mark.parametrize("which", ["strict_app", "app"])
@pytest.mark.parametrize("url", ["https://hooks.example.com:99999/x", "https://hooks.example.com:abc/x",
                                 "http://127.0.0.1:0/x"])
def test_attack_bad_port_is_a_422_naming_url_not_a_500(request, token_factory, which, url):
    service = request.getfixturevalue(which)
    response = post(service, token_factory, url)
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json" and "port" in response.get_json()["errors"]["url"][0]
    assert stored(service) == 0


@pytest.mark.parametrize("url", ["http://100.100.100.200/latest/meta-data/", "http://[::ffff:169.254.169.254]/",
                                 "http://[64:ff9b::7f00:1]:8080/", "http://224.0.0.1/"])
def test_attack_cgnat_metadata_address_is_refused(strict_app, token_factory, url):
    response = post(strict_app, token_factory, url)
    assert response.status_code == 422 and "non-public" in response.get_json()["errors"]["url"][0]
    assert stored(strict_app) == 0


def test_attack_setting_the_env_flag_after_start_does_not_open_private_targets(strict_app, token_factory,
                                                                                monkeypatch):
    # The flag is read once, into Settings, when the service starts; never from the environment per request.
    monkeypatch.setenv(ALLOW_PRIVATE_URLS_ENV, "true")
    assert post(strict_app, token_factory, "http://127.0.0.1:9/hook").status_code == 422
    assert settings_from_env().extra[ALLOW_PRIVATE_URLS] is True
    monkeypatch.setenv(ALLOW_PRIVATE_URLS_ENV, "")
    assert settings_from_env().extra[ALLOW_PRIVATE_URLS] is False


def test_attack_subscription_flood_is_capped_at_50_active_per_project(app, token_factory):
    created = [post(app, token_factory, f"http://127.0.0.1:9/hook/{n}") for n in range(50)]
    assert {r.status_code for r in created} == {201}
    refused = post(app, token_factory, "http://127.0.0.1:9/hook/51")
    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    problem = refused.get_json()
    assert "50 active subscriptions" in problem["detail"] and problem["limit"] == 50
    assert stored(app) == 50
    assert post(app, token_factory, "http://127.0.0.1:9/hook", tenant="p2").status_code == 201  # per project
    # a deleted (inactive) subscription no longer counts
    headers = token_factory.headers("p1", SCOPE)
    assert app.test_client().delete(f"/subscriptions/{created[0].get_json()['id']}", headers=headers).status_code == 204
    assert post(app, token_factory, "http://127.0.0.1:9/hook/51").status_code == 201
