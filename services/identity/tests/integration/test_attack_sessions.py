"""Attack on refresh sessions: a stolen refresh token must not be refreshable for ever."""
import base64
from datetime import timedelta

from identity.oauth import SESSIONS

from .conftest import STAFF_PASSWORD as PASSWORD


def post_token(client, staff_app, source="198.51.100.20", **form):
    basic = base64.b64encode(f"{staff_app['client_id']}:{staff_app['client_secret']}".encode()).decode()
    return client.post("/oauth/token", data=form, headers={"Authorization": f"Basic {basic}"},
                       environ_base={"REMOTE_ADDR": source})


def test_attack_refreshing_every_few_hours_does_not_keep_a_session_alive_past_its_absolute_end(
        client, staff_app, person, clock):
    assert SESSIONS.max_session == timedelta(hours=24)
    signed_in = post_token(client, staff_app, grant_type="password", username="liwei", password=PASSWORD,
                           tenant_id="p1")
    assert signed_in.status_code == 200
    refresh = signed_in.get_json()["refresh_token"]
    for hours in (11, 11):  # each within the 12 h refresh lifetime: a thief refreshing diligently
        clock.at += timedelta(hours=hours)
        response = post_token(client, staff_app, grant_type="refresh_token", refresh_token=refresh)
        assert response.status_code == 200, response.get_json()
        refresh = response.get_json()["refresh_token"]
    clock.at += timedelta(hours=2, seconds=1)  # 24 h and a second after the password sign-in
    response = post_token(client, staff_app, grant_type="refresh_token", refresh_token=refresh)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_attack_last_refresh_token_of_a_session_expires_at_the_sessions_end(client, staff_app, person, clock, db):
    signed_in = post_token(client, staff_app, grant_type="password", username="liwei", password=PASSWORD,
                           tenant_id="p1").get_json()
    signed_in_at, refresh = clock.at, signed_in["refresh_token"]
    for _ in range(2):
        clock.at += timedelta(hours=11)
        refresh = post_token(client, staff_app, grant_type="refresh_token", refresh_token=refresh).get_json()["refresh_token"]
    newest = db.refresh_tokens.find_one({"revoked_at": None})
    # Issued 22 h into the session: good for 2 h, not 12.
    assert newest["expires_at"] == newest["session_ends_at"] == signed_in_at + timedelta(hours=24)
