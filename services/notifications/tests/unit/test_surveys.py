"""A survey link verifies only as we signed it and only until it expires; a survey answers once, with a rating
of 1 to 5 stars, whether the problem came back, and at most 500 characters of comment."""
import base64
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kefulib.config import MissingSecret
from notifications.config import DEV_SURVEY_KEY, with_survey_links
from notifications.domain import (
    AnswerInvalid,
    LinkState,
    SurveyStatus,
    SurveyUnavailable,
    read_answer,
    require_open,
    sign_link,
    status_at,
    survey_expiry,
    verify_link,
)

KEY = b"k" * 32
SENT = datetime(2026, 12, 1, 8, 0, 0, 500_000, tzinfo=UTC)
EXPIRES = survey_expiry(SENT)
TOKEN = sign_link("survey-1", EXPIRES, KEY)


def test_a_link_expires_seven_days_after_scheduling_to_the_second():
    assert EXPIRES == datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


def test_a_fresh_link_is_valid_and_names_its_survey_and_expiry():
    check = verify_link(TOKEN, KEY, SENT)
    assert (check.state, check.survey_id, check.expires_at) == (LinkState.VALID, "survey-1", EXPIRES)


def test_a_link_is_expired_from_its_expiry_on_and_still_names_its_survey():
    assert verify_link(TOKEN, KEY, EXPIRES - timedelta(seconds=1)).state is LinkState.VALID
    check = verify_link(TOKEN, KEY, EXPIRES)
    assert (check.state, check.survey_id) == (LinkState.EXPIRED, "survey-1")


def test_a_link_signed_with_another_key_is_tampered():
    assert verify_link(sign_link("survey-1", EXPIRES, b"x" * 32), KEY, SENT).state is LinkState.TAMPERED


def test_a_link_whose_expiry_was_pushed_back_is_tampered():
    payload, signature = TOKEN.split(".")
    later = base64.urlsafe_b64encode(f"survey-1|{int(EXPIRES.timestamp()) + 86400}".encode()).rstrip(b"=").decode()
    assert verify_link(f"{later}.{signature}", KEY, SENT).state is LinkState.TAMPERED


def test_a_link_pointing_at_another_survey_is_tampered():
    _, signature = TOKEN.split(".")
    other = base64.urlsafe_b64encode(f"survey-2|{int(EXPIRES.timestamp())}".encode()).rstrip(b"=").decode()
    assert verify_link(f"{other}.{signature}", KEY, SENT).state is LinkState.TAMPERED


B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _same_bytes_other_spelling(text: str) -> list[str]:
    """``text`` with its last base64 character changed only in the bits a decoder ignores."""
    last = B64URL.index(text[-1])
    return [text[:-1] + B64URL[(last & ~0b11) | low] for low in range(4) if (last & ~0b11) | low != last]


def test_a_link_spelt_differently_but_decoding_to_the_same_bytes_is_tampered():
    payload, signature = TOKEN.split(".")
    # CI found it: changing the signature's last character from A to B left a link that still answered.
    respelt = [f"{payload}.{other}" for other in _same_bytes_other_spelling(signature)]
    assert respelt and all(verify_link(token, KEY, SENT).state is LinkState.TAMPERED for token in respelt)


@pytest.mark.parametrize("token", ["", ".", "abc", "a.b.c", TOKEN + "x", TOKEN[:-2], "!!!.???", TOKEN.replace(".", "")])
def test_anything_else_is_tampered_and_never_raises(token):
    assert verify_link(token, KEY, SENT).state is LinkState.TAMPERED


@given(st.text(max_size=120))
def test_no_text_is_ever_taken_for_a_valid_link(token):
    assert verify_link(token, KEY, SENT).state is LinkState.TAMPERED or token == TOKEN


def test_the_token_is_url_safe():
    assert set(TOKEN) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


@pytest.mark.parametrize("stored, at, seen", [
    ("open", EXPIRES - timedelta(seconds=1), SurveyStatus.OPEN), ("open", EXPIRES, SurveyStatus.EXPIRED),
    ("answered", EXPIRES + timedelta(days=1), SurveyStatus.ANSWERED), ("closed", SENT, SurveyStatus.CLOSED),
])
def test_an_open_survey_past_its_expiry_reads_as_expired(stored, at, seen):
    assert status_at(stored, EXPIRES, at) is seen


@pytest.mark.parametrize("stored, at", [("answered", SENT), ("closed", SENT), ("open", EXPIRES)])
def test_a_survey_answers_once_and_only_while_open(stored, at):
    with pytest.raises(SurveyUnavailable) as refused:
        require_open(stored, EXPIRES, at)
    assert refused.value.status is status_at(stored, EXPIRES, at)


def test_an_open_unexpired_survey_takes_an_answer():
    require_open("open", EXPIRES, SENT)


@pytest.mark.parametrize("rating", ["1", "3", "5", " 4 "])
def test_a_rating_of_one_to_five_stars_is_an_answer(rating):
    answer = read_answer({"rating": rating, "problem_came_back": "no"})
    assert (answer.satisfaction, answer.problem_came_back, answer.comment) == (int(rating), False, "")


@pytest.mark.parametrize("rating", ["0", "6", "abc", "", "-1", "2.5", "５", None])
def test_any_other_rating_names_the_rating(rating):
    form = {"problem_came_back": "yes", **({"rating": rating} if rating is not None else {})}
    with pytest.raises(AnswerInvalid) as invalid:
        read_answer(form)
    assert set(invalid.value.errors) == {"rating"}


@pytest.mark.parametrize("came_back", ["", "maybe", None])
def test_whether_the_problem_came_back_must_be_yes_or_no(came_back):
    with pytest.raises(AnswerInvalid) as invalid:
        read_answer({"rating": "5", **({"problem_came_back": came_back} if came_back is not None else {})})
    assert set(invalid.value.errors) == {"problem_came_back"}


def test_a_comment_up_to_500_characters_is_kept_and_a_longer_one_named():
    assert read_answer({"rating": "2", "problem_came_back": "yes", "comment": "漏" * 500}).comment == "漏" * 500
    with pytest.raises(AnswerInvalid) as invalid:
        read_answer({"rating": "2", "problem_came_back": "yes", "comment": "漏" * 501})
    assert set(invalid.value.errors) == {"comment"}


def test_every_wrong_field_is_named_at_once():
    with pytest.raises(AnswerInvalid) as invalid:
        read_answer({"rating": "9", "comment": "x" * 501})
    assert set(invalid.value.errors) == {"rating", "problem_came_back", "comment"}


def test_production_without_a_survey_key_refuses_to_start(monkeypatch, settings_stub):
    monkeypatch.setenv("KEFU_ENV", "production")
    monkeypatch.delenv("NOTIFICATIONS_SURVEY_KEY", raising=False)
    with pytest.raises(MissingSecret, match="NOTIFICATIONS_SURVEY_KEY"):
        with_survey_links(settings_stub)
    monkeypatch.setenv("NOTIFICATIONS_SURVEY_KEY", "too-short")
    with pytest.raises(MissingSecret, match="at least 32"):
        with_survey_links(settings_stub)


def test_development_falls_back_to_the_public_key_and_the_local_address(monkeypatch, settings_stub):
    monkeypatch.setenv("KEFU_ENV", "development")
    monkeypatch.delenv("NOTIFICATIONS_SURVEY_KEY", raising=False)
    monkeypatch.setenv("NOTIFICATIONS_PUBLIC_URL", "https://kefu.example.com/notifications/")
    links = with_survey_links(settings_stub).extra["survey_links"]
    assert links.key == DEV_SURVEY_KEY.encode()
    url = links.url("survey-1", EXPIRES)
    assert url.startswith("https://kefu.example.com/notifications/s/")
    assert verify_link(url.rsplit("/", 1)[1], links.key, SENT).survey_id == "survey-1"


@pytest.fixture
def settings_stub():
    from kefulib.config import Settings
    return Settings("notifications")
