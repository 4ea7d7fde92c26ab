"""Survey campaigns' pure rules: the sample per building, the ratings, one answer, the results' figures."""
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from desk.domain.surveys import (
    Unit,
    category_results,
    check_can_answer,
    check_categories,
    draw_sample,
    exact_ratio,
    read_ratings,
    response_rate,
    share,
)
from kefulib.domain_errors import BadField, Refused

AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
UNITS = [Unit(f"1-{n}-101", "1") for n in range(1, 21)] + [Unit("2-1-101", "2"), Unit("2-1-102", "2")]


def test_each_building_gets_its_share_at_least_one():
    sample = draw_sample(UNITS, Fraction(1, 10), "p1:c1")
    assert [u.building for u in sample].count("1") == 2 and [u.building for u in sample].count("2") == 1


def test_the_same_seed_and_units_give_the_same_sample_in_any_order_and_another_seed_another():
    first = draw_sample(UNITS, Fraction(1, 2), "p1:c1")
    assert draw_sample(list(reversed(UNITS)), Fraction(1, 2), "p1:c1") == first
    assert draw_sample(UNITS, Fraction(1, 2), "p1:c2") != first
    assert len(set(first)) == len(first) == 11


def test_the_ratio_is_read_exactly_and_bounded():
    assert exact_ratio("0.1") == Fraction(1, 10) and share(30, exact_ratio("0.1")) == 3
    assert share(0, Fraction(1, 2)) == 0 and share(3, Fraction(1, 100)) == 1
    for bad in ("0", "1.5", "-0.1", "abc"):
        with pytest.raises(BadField) as raised:
            exact_ratio(bad)
        assert raised.value.field == "sample_ratio"


def test_categories_are_known_and_once():
    assert check_categories(["parking", "cleaning"]) == ["parking", "cleaning"]
    for bad in ([], ["weather"], ["parking", "parking"]):
        with pytest.raises(BadField):
            check_categories(bad)


def test_every_asked_category_is_rated_one_to_five_and_nothing_else():
    asked = ["cleaning", "parking"]
    assert read_ratings({"parking": 2, "cleaning": 5}, asked) == [{"category": "cleaning", "score": 5},
                                                                  {"category": "parking", "score": 2}]
    for bad in ({"cleaning": 5}, {"cleaning": 5, "parking": 0}, {"cleaning": 5, "parking": True},
                {"cleaning": 5, "parking": 3, "security": 4}):
        with pytest.raises(BadField) as raised:
            read_ratings(bad, asked)
        assert raised.value.field == "ratings"


def test_one_answer_per_household_and_none_after_the_close():
    check_can_answer(None, AT + timedelta(days=1), AT)
    with pytest.raises(Refused) as answered:
        check_can_answer(AT, AT + timedelta(days=1), AT)
    with pytest.raises(Refused) as closed:
        check_can_answer(None, AT, AT)
    assert (answered.value.code, closed.value.code) == ("already_answered", "campaign_closed")


def test_results_give_mean_count_and_distribution_and_nothing_for_an_unrated_category():
    cleaning, parking = category_results({("cleaning", 5): 3, ("cleaning", 2): 1}, ["cleaning", "parking"])
    assert (cleaning.count, cleaning.mean, cleaning.label) == (4, 4.25, "保洁")
    assert cleaning.distribution == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 3}
    assert (parking.count, parking.mean) == (0, None)
    assert response_rate(2, 3) == 0.6667 and response_rate(0, 0) is None
