"""The packaged catalogue must hold exactly the handbook's 28 free and 60 paid services."""
import re
from pathlib import Path

import pytest
from billing.domain import (
    BillingError,
    ServiceKind,
    find_item,
    load_repair_price_list,
    load_seed_catalogue,
)

REPO_ROOT = Path(__file__).resolve().parents[4]
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
LIST_HEADING = re.compile(r"^\d、(无偿|有偿)服务(\d+)项")
NUMBERED = re.compile(r"^(\d+)(\D.*)$")
COLUMN_HEADINGS = "编号项目内容备注"
FOOTER = "物业经理人网"


def handbook_lists() -> dict[str, tuple[int, list[str]]]:
    """{'无偿': (declared count, names), '有偿': (...)}, read straight from seed 001.

    Lines that carry no number continue the previous item (paid 38 wraps over two lines).
    """
    seed = sorted(SEEDS.glob("001_*.txt"))
    assert seed, f"seed 001 not found under {SEEDS}"
    lists: dict[str, tuple[int, list[str]]] = {}
    current: list[str] | None = None
    expected_number = 1
    for raw in seed[0].read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if heading := LIST_HEADING.match(line):
            current, expected_number = [], 1
            lists[heading.group(1)] = (int(heading.group(2)), current)
        elif current is None or not line or line == COLUMN_HEADINGS:
            continue
        elif line.startswith(FOOTER):
            current = None
        elif (item := NUMBERED.match(line)) and int(item.group(1)) == expected_number:
            current.append(item.group(2))
            expected_number += 1
        else:
            current[-1] += line
    return lists


def test_handbook_declares_28_free_and_60_paid_services_and_numbers_them_so():
    lists = handbook_lists()
    assert lists["无偿"][0] == len(lists["无偿"][1]) == 28
    assert lists["有偿"][0] == len(lists["有偿"][1]) == 60


def test_catalogue_holds_exactly_the_handbook_names_in_order():
    lists = handbook_lists()
    items = load_seed_catalogue()
    free = [i.name_zh for i in items if i.kind is ServiceKind.FREE]
    paid = [i.name_zh for i in items if i.kind is ServiceKind.PAID]
    assert free == lists["无偿"][1]
    assert paid == lists["有偿"][1]


def test_wrapped_paid_item_38_is_one_service():
    assert find_item(load_seed_catalogue(), "PAID-38").name_zh == "接送小孩小学(村内)"


def test_catalogue_codes_are_stable_and_unique():
    codes = [i.code for i in load_seed_catalogue()]
    assert codes == [f"FREE-{n:02d}" for n in range(1, 29)] + [f"PAID-{n:02d}" for n in range(1, 61)]


def test_materials_are_billed_separately_exactly_where_the_handbook_says_so():
    flagged = {i.code for i in load_seed_catalogue() if i.materials_billed_separately}
    assert flagged == {"PAID-24", "PAID-25", "PAID-26", "PAID-27", "PAID-28", "PAID-31"}


def test_free_services_cost_nothing_and_paid_ones_wait_for_a_project_price():
    for item in load_seed_catalogue():
        if item.kind is ServiceKind.FREE:
            assert item.price_fen == 0
        else:
            assert item.price_fen is None and item.unit is None
            assert "随行就市" in item.pricing_note


def test_a_project_sets_its_own_price_without_changing_the_seed():
    seed = find_item(load_seed_catalogue(), "PAID-44")
    priced = seed.with_project_price(4000, "元/小时")
    assert (priced.price_fen, priced.unit, priced.price_text) == (4000, "元/小时", "40.00元/小时")
    assert seed.price_fen is None


def test_a_free_service_cannot_be_given_a_price():
    with pytest.raises(BillingError) as refused:
        find_item(load_seed_catalogue(), "FREE-05").with_project_price(100, "元/次")
    assert refused.value.reason == "free_service_has_price"


def test_an_unknown_code_is_refused_by_name():
    with pytest.raises(BillingError) as refused:
        find_item(load_seed_catalogue(), "PAID-61")
    assert (refused.value.reason, refused.value.field) == ("unknown_catalogue_code", "catalogue_code")


def test_repair_price_list_is_marked_as_sample_and_links_to_real_catalogue_codes():
    price_list = load_repair_price_list()
    codes = {i.code for i in load_seed_catalogue()}
    assert price_list.is_sample and "SAMPLE" in price_list.notice
    assert len(price_list.items) >= 20
    assert all(i.catalogue_code is None or i.catalogue_code in codes for i in price_list.items)
    assert len({i.code for i in price_list.items}) == len(price_list.items)


def test_repair_price_list_prices_labour_and_leaves_materials_to_actual_cost():
    washer = load_repair_price_list().item("REP-01")
    line = washer.quote_line(quantity=2, materials_fen=400)
    assert (line.labour_fen, line.materials_fen, line.total_fen) == (3000, 400, 3400)


def test_a_repair_that_uses_no_materials_refuses_a_materials_amount():
    drain = load_repair_price_list().item("REP-07")
    with pytest.raises(BillingError) as refused:
        drain.quote_line(quantity=1, materials_fen=100)
    assert refused.value.reason == "no_materials_for_item"
