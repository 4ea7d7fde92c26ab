import pytest
from joserfc.jwk import KeySet, RSAKey
from kefulib.authn import JwksCache, TokenVerifier
from kefulib.problems import Unauthorized
from kefulib.testing.tokens import TokenFactory


@pytest.fixture(scope="module")
def factory():
    return TokenFactory()


def verifier_for(fetch):
    return TokenVerifier(JwksCache(fetch, ttl_seconds=300), "http://identity.test", "kefu")


def test_a_valid_token_yields_its_tenant_roles_and_scopes(factory):
    principal = verifier_for(lambda: factory.jwks).verify(
        factory.issue("proj-1", ["ticketing:read"], ["cs_assistant"], subject="u1"))
    assert (principal.tenant_id, principal.actor) == ("proj-1", "u1")
    assert principal.scopes == {"ticketing:read"} and principal.roles == {"cs_assistant"}


@pytest.mark.parametrize("change", ["expired", "wrong_audience", "foreign_key", "garbage"])
def test_invalid_tokens_are_refused(factory, change):
    verifier = verifier_for(lambda: factory.jwks)
    token = {
        "expired": lambda: factory.issue("p", [], expires_in=-120),
        "wrong_audience": lambda: _same_key_other_audience(factory).issue("p", []),
        "foreign_key": lambda: factory.issue("p", [], key=RSAKey.generate_key(2048, parameters={"kid": factory.key.kid})),
        "garbage": lambda: "not.a.token",
    }[change]()
    with pytest.raises(Unauthorized):
        verifier.verify(token)


def _same_key_other_audience(factory):
    other = TokenFactory(audience="other")
    other.key = factory.key
    return other


def test_a_token_from_a_rotated_key_triggers_one_refetch_of_the_jwks(factory):
    new_key = RSAKey.generate_key(2048, parameters={"kid": "rotated", "use": "sig", "alg": "RS256"})
    published = {"keys": factory.jwks}
    calls = []

    def fetch():
        calls.append(1)
        return published["keys"]

    verifier = verifier_for(fetch)
    verifier.verify(factory.issue("p", []))
    published["keys"] = KeySet([factory.key, new_key]).as_dict(private=False)
    JwksCache.MIN_REFRESH_INTERVAL = 0
    try:
        assert verifier.verify(factory.issue("p", [], key=new_key)).tenant_id == "p"
    finally:
        JwksCache.MIN_REFRESH_INTERVAL = 5.0
    assert len(calls) == 2
