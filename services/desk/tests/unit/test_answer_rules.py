"""The rules of standard answers: versions named on edit, the lifecycle's refusals, company answers left to HQ,
overrides."""
import pytest
from desk.domain.answers import (
    COMPANY_TENANT,
    Scope,
    check_company_editable,
    check_edit,
    check_override,
    check_publish,
    check_retire,
    check_version,
    clean_list,
    hidden_company_answers,
    scope_of,
)
from kefulib.domain_errors import BadField, Refused


def refusal(call, *args) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args)
    return caught.value


def test_an_edit_on_an_older_version_is_refused_with_the_current_one():
    refused = refusal(check_edit, "published", 3, 2)
    assert refused.code == "version_conflict" and refused.details == {"current_version": 3}
    check_edit("published", 3, 3)
    check_edit("draft", 1, 1)


def test_publishing_or_retiring_on_a_named_version_checks_it_whatever_the_status():
    assert refusal(check_version, 4, 1).code == "version_conflict"
    check_version(4, 4)


def test_a_retired_answer_is_not_edited():
    assert refusal(check_edit, "retired", 2, 2).code == "answer_retired"


def test_publishing_twice_and_retiring_twice_are_refused():
    assert refusal(check_publish, "published").code == "already_published"
    assert refusal(check_retire, "retired").code == "already_retired"
    check_publish("draft")
    check_publish("retired")  # brought back
    check_retire("draft")


def test_projects_never_change_a_company_answer():
    assert refusal(check_company_editable, Scope.COMPANY).code == "company_answer"
    check_company_editable(Scope.PROJECT)


def test_company_answers_live_under_the_hq_tenant():
    assert scope_of(COMPANY_TENANT) is Scope.COMPANY and scope_of("p1") is Scope.PROJECT


def test_an_override_must_name_a_company_answer():
    with pytest.raises(BadField) as caught:
        check_override("nowhere", None)
    assert caught.value.field == "overrides"
    check_override("c1", "published")
    check_override(None, None)


def test_only_a_published_project_answer_hides_the_company_one():
    assert hidden_company_answers([{"overrides": "c1", "status": "published"}, {"overrides": "c2", "status": "draft"},
                                   {"overrides": None, "status": "published"}]) == {"c1"}


def test_questions_and_keywords_are_trimmed_without_blanks_or_repeats():
    assert clean_list([" 停车费涨了 ", "", "停车费涨了", "车位费"]) == ["停车费涨了", "车位费"]
