import pytest
from identity.domain import password_problems


def test_a_long_uncommon_pass_phrase_is_accepted():
    assert password_problems("物业客服 night shift 2024", username="zhangsan") == ()


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short1", "shorter than 10 characters"),
        ("x" * 129, "longer than 128 characters"),
        ("aaaaaaaaaaaa", "one character repeated"),
        ("Woaini1314", "too common"),
        ("zhangsan-2024-spring", "contains the username"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, problem):
    assert problem in password_problems(password, username="zhangsan")


def test_a_project_can_add_its_own_blocked_words():
    assert "too common" in password_problems("HappyGarden2024", extra_blocklist=["happygarden2024"])


def test_the_reasons_never_repeat_the_password():
    assert all("woaini1314" not in reason.lower() for reason in password_problems("woaini1314"))
