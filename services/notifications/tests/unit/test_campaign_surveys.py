"""The satisfaction campaign survey's pure rules: its own link key, its statuses, the page's ratings."""
from datetime import UTC, datetime, timedelta

import pytest
from notifications.domain import AnswerInvalid, LinkState, sign_link, verify_link
from notifications.domain.campaign_surveys import CampaignSurveyStatus, campaign_key, read_ratings, status_at

KEY = b"k" * 32
AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_a_campaign_link_and_a_return_visit_link_do_not_open_each_other():
    expires = AT + timedelta(days=3)
    campaign_token = sign_link("sv-1", expires, campaign_key(KEY))
    assert verify_link(campaign_token, campaign_key(KEY), AT).state is LinkState.VALID
    assert verify_link(campaign_token, KEY, AT).state is LinkState.TAMPERED
    assert verify_link(sign_link("sv-1", expires, KEY), campaign_key(KEY), AT).state is LinkState.TAMPERED
    assert campaign_key(KEY) != campaign_key(b"j" * 32)


def test_an_open_survey_past_the_campaigns_close_is_expired_and_answered_or_closed_stay_so():
    assert status_at("open", AT, AT - timedelta(seconds=1)) is CampaignSurveyStatus.OPEN
    assert status_at("open", AT, AT) is CampaignSurveyStatus.EXPIRED
    assert status_at("closed", AT, AT + timedelta(days=1)) is CampaignSurveyStatus.CLOSED
    assert status_at("answered", AT, AT + timedelta(days=1)) is CampaignSurveyStatus.ANSWERED


def test_every_category_is_rated_one_to_five_in_the_campaigns_order():
    ratings, comment = read_ratings({"rating_parking": "2", "rating_cleaning": "5", "comment": "  好  "},
                                    ["cleaning", "parking"])
    assert ratings == [{"category": "cleaning", "score": 5}, {"category": "parking", "score": 2}] and comment == "好"


@pytest.mark.parametrize("form, named", [
    ({"rating_cleaning": "5"}, {"rating_parking"}),
    ({"rating_cleaning": "0", "rating_parking": "6"}, {"rating_cleaning", "rating_parking"}),
    ({"rating_cleaning": "５", "rating_parking": "3"}, {"rating_cleaning"}),   # a full-width digit is not 5
    ({"rating_cleaning": "5", "rating_parking": "3", "comment": "长" * 501}, {"comment"}),
])
def test_a_wrong_form_names_each_field_in_chinese(form, named):
    with pytest.raises(AnswerInvalid) as invalid:
        read_ratings(form, ["cleaning", "parking"])
    assert set(invalid.value.errors) == named
    assert all("请" in message for message in invalid.value.errors.values())
