"""Masking of personal data for views a caller may only partly see (ID-8, 脱敏).

Every function fails closed: a value too short to mask safely comes back fully starred,
because showing "first 3 + last 4" of a 7-character value would show all of it.
"""

import re

STAR = "*"

# Two-character surnames (复姓) keep both characters, so 欧阳娜娜 reads 欧阳** not 欧***.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 "
    "南宫 西门 百里 呼延 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 仲孙 钟离 闻人 赫连 万俟 "
    "司空 拓跋 第五 左丘 东郭 梁丘 羊舌 微生 公羊 谷梁 亓官 段干".split()
)

# A building marker ends the part of an address we keep: "…花园3栋" but not the room.
_BUILDING = re.compile(r"^(.*?[0-9A-Za-z一二三四五六七八九十百]+\s*(?:号楼|栋|幢|座|楼栋))")
_DISTRICT = re.compile(r"^(.*?[区县旗镇])")
_CITY = re.compile(r"^(.*?市)")
_ADDRESS_TAIL = "****"


def _keep_ends(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return STAR * len(value)
    return value[:head] + STAR * (len(value) - head - tail) + value[len(value) - tail :]


def mask_id_number(value: str) -> str:
    """'110101199001011234' -> '110***********1234' (first 3 and last 4 kept)."""
    return _keep_ends(value.strip(), 3, 4)


def mask_phone(value: str) -> str:
    """'13812341234' -> '138****1234' (first 3 and last 4 kept)."""
    return _keep_ends(value.strip(), 3, 4)


def _mask_word(word: str) -> str:
    return word[:1] + STAR * (len(word) - 1)


def mask_name(value: str) -> str:
    """'张三' -> '张*', '欧阳娜娜' -> '欧阳**'; Latin names keep each word's initial."""
    name = value.strip()
    if not name:
        return name
    if name.isascii():
        return " ".join(_mask_word(word) for word in name.split())
    surname_length = 2 if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else 1
    if len(name) <= surname_length:
        return STAR * len(name)
    return name[:surname_length] + STAR * (len(name) - surname_length)


def mask_address(value: str) -> str:
    """Keep the address down to the building ('…3栋****'); never the floor or the room.

    Without a building marker we fall back to the district or the city, else hide it all.
    """
    address = value.strip()
    for pattern in (_BUILDING, _DISTRICT, _CITY):
        match = pattern.match(address)
        if match and len(match.group(1)) < len(address):
            return match.group(1) + _ADDRESS_TAIL
    return _ADDRESS_TAIL
