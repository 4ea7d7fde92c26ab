import pytest
from identity.domain import CHECKLISTS, ChecklistKind, InvalidInput, UnitDocuments, missing, rollup


def test_the_move_in_checklist_has_the_handbooks_ten_documents_with_stable_codes():
    items = CHECKLISTS[ChecklistKind.MOVE_IN]
    assert [i.code for i in items] == [f"MI-{n:02d}" for n in range(1, 11)]
    assert items[0].title_zh == "前期物业管理协议书" and items[-1].title_zh == "业主/住户情况登记表"


def test_every_code_is_unique_across_all_checklists():
    codes = [i.code for items in CHECKLISTS.values() for i in items]
    assert len(codes) == len(set(codes))


def test_a_unit_with_nothing_received_misses_every_unconditional_document():
    assert len(missing(ChecklistKind.MOVE_IN, [])) == 10
    assert [i.code for i in missing(ChecklistKind.RENOVATION, [])] == [f"RN-{n:02d}" for n in range(1, 8)]


def test_received_documents_are_no_longer_missing():
    assert [i.code for i in missing("transfer", ["TR-01", "TR-02", "TR-04"])] == ["TR-03", "TR-05"]


def test_a_hot_work_permit_is_only_missing_when_there_was_hot_work():
    assert "RN-10" not in {i.code for i in missing("renovation", [])}
    assert "RN-10" in {i.code for i in missing("renovation", [], conditions={"hot_work"})}


def test_completion_requires_the_completion_application_and_the_returned_passes():
    codes = {i.code for i in missing("renovation", [], conditions={"completed"})}
    assert {"RN-08", "RN-11"} <= codes and "RN-09" not in codes


def test_a_code_from_another_checklist_is_an_input_error_naming_it():
    with pytest.raises(InvalidInput) as error:
        missing("move_in", ["TR-01"])
    assert error.value.field == "received_codes" and "TR-01" in str(error.value)


def test_an_unknown_condition_is_an_input_error():
    with pytest.raises(InvalidInput):
        missing("renovation", [], conditions={"fireworks"})


def test_the_project_rollup_lists_missing_documents_per_unit_and_counts_them_per_code():
    all_move_in = {f"MI-{n:02d}" for n in range(1, 11)}
    summary = rollup(
        [
            UnitDocuments("1-1-01", ChecklistKind.MOVE_IN, frozenset(all_move_in)),
            UnitDocuments("1-1-02", ChecklistKind.MOVE_IN, frozenset(all_move_in - {"MI-03"})),
            UnitDocuments("1-1-02", ChecklistKind.TRANSFER, frozenset({"TR-01", "TR-02", "TR-03", "TR-04"})),
            UnitDocuments("1-1-03", ChecklistKind.MOVE_IN, frozenset(all_move_in - {"MI-03", "MI-09"})),
        ]
    )
    assert (summary.units_checked, summary.units_complete) == (3, 1)
    assert summary.missing_by_unit["1-1-02"] == {ChecklistKind.MOVE_IN: ("MI-03",), ChecklistKind.TRANSFER: ("TR-05",)}
    assert summary.missing_count_by_code == {"MI-03": 2, "MI-09": 1, "TR-05": 1}
