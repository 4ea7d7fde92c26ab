from kefulib.problems import flatten_field_errors


def test_field_errors_are_flattened_to_dotted_paths_without_the_request_location():
    messages = {"json": {"kind": ["Not valid."], "address": {"unit": ["Missing."]}, "lines": {"0": {"qty": ["Bad."]}}}}
    assert flatten_field_errors(messages) == {"kind": ["Not valid."], "address.unit": ["Missing."], "lines.0.qty": ["Bad."]}


def test_errors_for_the_whole_body_are_reported_under_underscore_body():
    assert flatten_field_errors({"json": ["Invalid JSON body."]}) == {"_body": ["Invalid JSON body."]}
