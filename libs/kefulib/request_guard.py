"""Checks on what a request carries before any view sees it: JSON that would crash the parser or the
database driver, oversized bodies and request ids that would bloat the logs.

Each check answers a client's mistake as a 4xx problem instead of letting it escape as a 500 deep inside a
handler (a RecursionError in the JSON parser, a UnicodeEncodeError in the BSON encoder).
"""
from __future__ import annotations

import json
import re
import uuid

#: Far deeper than any document of ours (the deepest is about five levels) and far below the interpreter's
#: recursion limit, so neither the parser nor marshmallow nor the BSON encoder can run out of stack.
MAX_JSON_DEPTH = 32

#: Bodies above this are refused with 413 by Flask itself (MAX_CONTENT_LENGTH). JSON documents here are a few
#: KB; a service that takes uploads raises it for those routes.
MAX_REQUEST_BYTES = 1024 * 1024

#: A client-chosen X-Request-ID is kept only when it looks like an id; anything else is replaced, so a caller
#: cannot write kilobytes or control characters into every log line and response.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class BadJson(ValueError):
    def __init__(self, detail: str, path: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.path = path


def check_json_body(raw: bytes) -> None:
    """Raise BadJson when `raw` is JSON nested deeper than MAX_JSON_DEPTH or holds a lone UTF-16 surrogate.

    Anything else that does not parse is left to the request parser, which already answers it as a 400.
    """
    try:
        document = json.loads(raw)
    except RecursionError:
        raise BadJson(f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.") from None
    except ValueError:
        return
    _walk(document)


def _walk(document) -> None:
    # Iterative on purpose: the check must not itself recurse on a deep document.
    stack = [(document, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadJson(f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.")
        if isinstance(value, str):
            _check_text(value, path or "(body)")
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                _check_text(key, child)
                stack.append((item, child, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}.{index}" if path else str(index), depth + 1)
                         for index, item in enumerate(value))


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A "\ud800" escape decodes to a lone surrogate, which no UTF-8 store (MongoDB included) can hold.
        raise BadJson("The text holds a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape).",
                      path=_printable(path)) from None


def _printable(path: str) -> str:
    return path.encode("utf-8", "backslashreplace").decode("utf-8")


def request_id_from(header: str | None) -> str:
    """The caller's X-Request-ID when it looks like an id, otherwise a new one."""
    if header and _REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex
