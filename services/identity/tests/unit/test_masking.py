import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from identity.domain import mask_address, mask_id_number, mask_name, mask_phone


def test_an_id_number_keeps_its_first_three_and_last_four_characters():
    assert mask_id_number("110101199001011234") == "110***********1234"


def test_an_id_number_ending_in_x_keeps_the_x():
    assert mask_id_number("11010119900101123X") == "110***********123X"


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits():
    assert mask_phone("13812341234") == "138****1234"


@pytest.mark.parametrize("value", ["", "1", "1234567"])
def test_values_too_short_to_mask_safely_are_starred_completely(value):
    assert mask_id_number(value) == "*" * len(value)
    assert mask_phone(value) == "*" * len(value)


@pytest.mark.parametrize(
    "name, masked",
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳修", "欧阳*"),
        ("司马光", "司马*"),
        ("欧阳", "欧*"),
        ("张", "*"),
        ("John Smith", "J*** S****"),
        ("", ""),
    ],
)
def test_a_name_keeps_only_the_surname(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "address, masked",
    [
        ("深圳市南山区某某花园3栋2单元1502", "深圳市南山区某某花园3栋****"),
        ("北京市朝阳区建国路88号某某现代城A座2201", "北京市朝阳区建国路88号某某现代城A座****"),
        ("上海市浦东新区某某苑12号楼601室", "上海市浦东新区某某苑12号楼****"),
        ("广州市天河区某某路某某小区", "广州市天河区****"),
        ("某某小区", "****"),
        ("广州市某某路1号", "广州市****"),
    ],
)
def test_an_address_is_masked_to_building_level(address, masked):
    assert mask_address(address) == masked


@settings(max_examples=200)
@given(st.text(alphabet="0123456789X", min_size=8, max_size=20))
def test_a_masked_id_number_hides_every_middle_character_and_keeps_the_length(value):
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert masked[:3] == value[:3] and masked[-4:] == value[-4:]
    assert set(masked[3:-4]) == {"*"}


@settings(max_examples=200)
@given(st.text(alphabet="赵钱孙李周吴郑王冯陈褚卫", min_size=2, max_size=4))
def test_a_masked_chinese_name_reveals_at_most_its_surname(name):
    masked = mask_name(name)
    assert len(masked) == len(name) and masked[0] == name[0]
    assert set(masked[1:]) == {"*"}


@settings(max_examples=200)
@given(st.text(min_size=1, max_size=40))
def test_a_masked_address_is_a_strict_prefix_followed_by_stars(address):
    kept = mask_address(address)[:-4]
    assert mask_address(address).endswith("****")
    assert address.strip().startswith(kept) and len(kept) < max(len(address.strip()), 1)
