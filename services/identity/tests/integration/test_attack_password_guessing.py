"""Attacks on staff sign-in over the token endpoint: locking a real user out by guessing from one place."""
import base64

from .conftest import STAFF_PASSWORD as PASSWORD


def post_token(client, staff_app, source, **form):
    basic = base64.b64encode(f"{staff_app['client_id']}:{staff_app['client_secret']}".encode()).decode()
    return client.post("/oauth/token", data=form, headers={"Authorization": f"Basic {basic}"},
                       environ_base={"REMOTE_ADDR": source})



ATTACKER, OFFICE = "198.51.100.66", "203.0.113.10"


def sign_in(client, staff_app, source, password=PASSWORD, username="liwei"):
    return post_token(client, staff_app, source=source, grant_type="password", username=username, password=password,
                      tenant_id="p1")


def test_attack_one_source_guessing_cannot_lock_out_the_real_user_signing_in_elsewhere(client, staff_app, person, db):
    for _ in range(5):
        assert sign_in(client, staff_app, ATTACKER, password="wrong password!").status_code == 400
    locked = sign_in(client, staff_app, ATTACKER)  # the guesser is locked out, even with the right password
    assert locked.status_code == 400 and locked.get_json()["error"] == "invalid_grant"
    assert int(locked.headers["Retry-After"]) > 0
    for _ in range(30):  # hammering while locked is refused unchecked and counts toward nothing
        sign_in(client, staff_app, ATTACKER, password="wrong password!")
    assert db.login_attempts.count_documents({"username": "liwei"}) == 5
    real = sign_in(client, staff_app, OFFICE)
    assert real.status_code == 200, real.get_json()


def test_attack_password_spraying_from_one_source_is_answered_429_and_not_counted(client, staff_app, person, db):
    for n in range(20):
        assert sign_in(client, staff_app, ATTACKER, username=f"guess{n}", password="Spring2024!").status_code == 400
    sprayed = sign_in(client, staff_app, ATTACKER)
    assert sprayed.status_code == 429 and sprayed.mimetype == "application/json"
    assert sprayed.get_json()["error"] == "temporarily_unavailable" and int(sprayed.headers["Retry-After"]) > 0
    assert db.login_attempts.count_documents({"username": "liwei"}) == 0  # refused before the password was checked
    assert sign_in(client, staff_app, OFFICE).status_code == 200


def test_attack_guessing_one_account_from_many_sources_still_locks_it_for_everyone(client, staff_app, person):
    for source in range(4):
        for _ in range(5):
            assert sign_in(client, staff_app, f"192.0.2.{source + 1}", password="wrong password!").status_code == 400
    locked = sign_in(client, staff_app, OFFICE)
    assert locked.status_code == 400 and locked.get_json()["error"] == "invalid_grant"
    assert int(locked.headers["Retry-After"]) > 0
