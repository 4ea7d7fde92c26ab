"""Which renovation step supplies which RN document: the mapping identity keeps its renovation checklist by."""
import pytest
from identity.domain import CHECKLISTS, RENOVATION_EVENT_TYPES, ChecklistKind, missing, supplied_by
from identity.domain.renovation_papers import PAPER_CODES, STEP_DOCUMENTS

RN = {i.code: i for i in CHECKLISTS[ChecklistKind.RENOVATION]}
ALL_PAPERS = ["application_form", "owner_id", "property_proof", "authorisation", "contractor_licence",
              "contractor_qualification", "drawings", "agreement", "commitment"]


def test_an_application_supplies_the_papers_on_the_checklist_in_its_order_each_once():
    supplied = supplied_by("renovation.application.submitted", {"papers": list(reversed(ALL_PAPERS))})
    assert supplied.codes == ("RN-01", "RN-02", "RN-03", "RN-05", "RN-06")
    assert supplied.conditions == ()


def test_the_owners_own_papers_are_not_renovation_documents():
    assert supplied_by("renovation.application.submitted",
                       {"papers": ["owner_id", "property_proof", "authorisation"]}).codes == ()


def test_either_contractor_paper_is_the_contractors_licences():
    for paper in ("contractor_licence", "contractor_qualification"):
        assert supplied_by("renovation.application.submitted", {"papers": [paper]}).codes == ("RN-02",)


@pytest.mark.parametrize(("event_type", "codes", "conditions"), [
    ("renovation.permit.issued", ("RN-04",), ()),
    ("renovation.pass.issued", ("RN-07",), ()),
    ("renovation.completion.requested", ("RN-08",), ("completed",)),
    ("renovation.permit.extended", ("RN-09",), ("extension",)),
    ("renovation.hot_work.approved", ("RN-10",), ("hot_work",)),
    ("renovation.completion.accepted", ("RN-11",), ("completed",)),
    ("renovation.violation.recorded", ("RN-12",), ("violation",)),
])
def test_each_later_step_supplies_its_document_and_the_condition_that_asks_for_it(event_type, codes, conditions):
    supplied = supplied_by(event_type, {"application_id": "a", "unit_id": "1-1-101"})
    assert (supplied.codes, supplied.conditions) == (codes, conditions)
    # A conditional document comes with the condition that makes it required, so it never looks missing for ever.
    for code in codes:
        assert RN[code].required_when in (None, *conditions)


def test_every_rn_document_has_a_step_and_every_code_is_on_the_checklist():
    covered = set(PAPER_CODES.values()) | {c for codes, _ in STEP_DOCUMENTS.values() for c in codes} | {"RN-11"}
    assert covered == set(RN)


def test_the_whole_renovation_leaves_nothing_missing():
    received, conditions = set(), set()
    for event_type in RENOVATION_EVENT_TYPES:
        supplied = supplied_by(event_type, {"papers": ALL_PAPERS})
        received |= set(supplied.codes)
        conditions |= set(supplied.conditions)
    assert missing(ChecklistKind.RENOVATION, received, conditions) == ()


def test_an_event_of_no_step_supplies_nothing():
    supplied = supplied_by("renovation.fees.requested", {"application_id": "a", "unit_id": "u"})
    assert (supplied.codes, supplied.conditions) == ((), ())
