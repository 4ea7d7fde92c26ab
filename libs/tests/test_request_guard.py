"""The request guard's pure checks: JSON that would crash the parser or the database, request ids."""
import pytest
from kefulib.request_guard import MAX_JSON_DEPTH, BadJson, check_json_body, request_id_from
from kefulib.timezones import UnknownTimeZone, zone


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def test_json_ten_thousand_levels_deep_is_refused_without_recursing():
    with pytest.raises(BadJson, match="nested"):
        check_json_body(nested(10_000))


def test_json_just_past_the_limit_is_refused_and_at_the_limit_accepted():
    check_json_body(nested(MAX_JSON_DEPTH))
    with pytest.raises(BadJson):
        check_json_body(nested(MAX_JSON_DEPTH + 1))
    with pytest.raises(BadJson):
        check_json_body(b'{"a":' * (MAX_JSON_DEPTH + 1) + b"1" + b"}" * (MAX_JSON_DEPTH + 1))


@pytest.mark.parametrize("body, path", [
    (b'{"title": "\\ud800"}', "title"),
    (b'{"lines": [{"name": "ok"}, {"name": "x\\udfffy"}]}', "lines.1.name"),
    (b'{"\\ud800": 1}', "\\ud800"),
    (b'"\\udbff"', "(body)"),
])
def test_a_lone_surrogate_is_refused_naming_where_it_is(body, path):
    with pytest.raises(BadJson) as refused:
        check_json_body(body)
    assert refused.value.path == path


def test_ordinary_json_including_paired_surrogates_and_chinese_passes():
    check_json_body('{"title": "厨房漏水 \\ud83d\\ude00", "n": [1, 2, {"a": null}]}'.encode())
    check_json_body(b"not json at all")  # left to the request parser, which answers 400 itself


@pytest.mark.parametrize("header, kept", [
    ("abc-123", True), ("0f" * 16, True), ("a" * 128, True),
    ("a" * 129, False), ("x" * 8192, False), ("bad id", False), ("id\r\nX-Injected: 1", False), ("", False),
])
def test_a_request_id_is_kept_only_when_it_looks_like_one(header, kept):
    assert (request_id_from(header) == header) is kept
    assert 1 <= len(request_id_from(header)) <= 128


@pytest.mark.parametrize("name", ["Asia", "Etc", "", "../etc/passwd", "Asia/", "posix", None, 42])
def test_time_zone_folders_and_paths_are_unknown_zones(name):
    with pytest.raises(UnknownTimeZone):
        zone(name)


def test_real_zones_load():
    assert str(zone("Asia/Shanghai")) == "Asia/Shanghai" and str(zone("UTC")) == "UTC"
