"""Password rules for staff accounts (ID-2), after NIST SP 800-63B: length and a blocklist,
no composition rules, because those push people to 'Password1!' and sticky notes."""

from collections.abc import Iterable

MIN_LENGTH = 10
MAX_LENGTH = 128  # long enough for pass-phrases, short enough that hashing stays cheap

# Passwords seen most often in Chinese leaks and in general; extend from the project settings.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "123456789a",
        "a123456789",
        "qwertyuiop",
        "1qaz2wsx3edc",
        "password123",
        "woaini1314",
        "woaini520",
        "5201314520",
        "1111111111",
        "0000000000",
        "8888888888",
        "abc1234567",
        "qwerty1234",
        "iloveyou12",
        "admin12345",
        "zxcvbnm123",
    }
)


def password_problems(password: str, *, username: str = "", extra_blocklist: Iterable[str] = ()) -> tuple[str, ...]:
    """Reasons the password is refused, empty if acceptable; never echoes the password."""
    problems = []
    lowered = password.lower()
    if len(password) < MIN_LENGTH:
        problems.append(f"shorter than {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"longer than {MAX_LENGTH} characters")
    if len(set(password)) == 1 and password:
        problems.append("one character repeated")
    if lowered in COMMON_PASSWORDS or lowered in {w.lower() for w in extra_blocklist}:
        problems.append("too common")
    if username and len(username) >= 3 and username.lower() in lowered:
        problems.append("contains the username")
    return tuple(problems)
