"""Fuzz every operation of every service from its own OpenAPI document (issue: "no 5xx, every 4xx a
problem-details body").

Each service's app runs in-process (see conftest.py); every request carries a valid token with all of that
service's scopes. Schemathesis sends the schema's examples, its coverage cases (boundaries, missing and
wrong-typed values, unexpected methods) and MAX_EXAMPLES random cases per operation, and checks each response:
- no 5xx (an unhandled exception fails the test with its traceback);
- every 4xx is RFC 9457 problem details: application/problem+json, a JSON object with `title` and `status`;
- the response matches the schema the OpenAPI document gives for its status code and media type.

A failure prints the request as a curl command; KEFU_FUZZ_EXAMPLES=200 KEFU_FUZZ_SEED=<n> digs deeper locally.
"""
import json

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

PROBLEM_MEDIA_TYPE = "application/problem+json"
# identity's OAuth endpoints answer errors in the form their RFCs fix, which OAuth clients parse: RFC 6749 section 5.2
# (token) and RFC 7009 section 2.2.1 (revocation) demand application/json with an `error` code. They are held to that.
OAUTH_OPERATIONS = {"POST /oauth/token", "POST /oauth/revoke"}

# A public page for people (notifications' survey page behind the link in a message) answers its own refusals as the
# page a phone shows, so an error the page produces is held to what its operation documents for that status:
# text/html, a whole document. Only a status an operation documents as text/html may be HTML; every other 4xx of
# the same operation (a 405 from routing, a 413) is still problem details.
HTML_MEDIA_TYPE = "text/html"

schema = schemathesis.pytest.from_fixture("api_schema")


def documented_as_html(case, status: int) -> bool:
    responses = case.operation.definition.raw.get("responses", {})
    return HTML_MEDIA_TYPE in (responses.get(str(status)) or {}).get("content", {})


@schemathesis.check
def client_errors_are_problem_details(ctx, response, case):
    """Every 4xx is application/problem+json with a JSON object holding `title` and `status` (OAuth: RFC 6749 errors;
    an HTML page: the page its operation documents for that status)."""
    if not 400 <= response.status_code < 500:
        return None
    media_type = response.headers.get("content-type", [""])[0].split(";")[0].strip().lower()
    # Requests the OAuth server never sees (a 405 from routing, say) are still answered as problems by the shell.
    oauth = case.operation.label in OAUTH_OPERATIONS and media_type == "application/json"
    if media_type == HTML_MEDIA_TYPE and documented_as_html(case, response.status_code):
        if not response.content.lstrip().lower().startswith(b"<!doctype html>"):
            raise AssertionError(f"{response.status_code} documented as an HTML page, but the body is not one")
        return None
    expected = "application/json" if oauth else PROBLEM_MEDIA_TYPE
    if media_type != expected:
        raise AssertionError(f"{response.status_code} answered as {media_type or 'no content type'!r}, not {expected}")
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(f"{response.status_code} body is not JSON: {exc}") from None
    if oauth:
        if not isinstance(body, dict) or not isinstance(body.get("error"), str):
            raise AssertionError(f"{response.status_code} OAuth error body lacks an `error` code: {body!r}")
        return None
    if not isinstance(body, dict) or not {"title", "status"} <= set(body):
        raise AssertionError(f"{response.status_code} problem body lacks title/status: {body!r}")
    if body["status"] != response.status_code:
        raise AssertionError(f"problem status {body['status']!r} differs from the HTTP status {response.status_code}")
    return None


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_operation_answers_without_5xx_and_with_problem_details(case, auth_headers):
    case.call_and_validate(headers=auth_headers,
                           checks=[not_a_server_error, client_errors_are_problem_details, response_schema_conformance])
