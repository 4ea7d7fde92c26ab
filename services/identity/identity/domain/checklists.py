"""Document checklists per unit (ID-4): move-in 入伙, renovation 装修, transfer 过户.

Codes are stable: they are stored with each received document, so never renumber; add
new items at the end. Some renovation documents only exist when something happened
(hot work, an extension, completion, a violation); those carry a `required_when` flag.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from identity.domain.errors import InvalidInput


class ChecklistKind(StrEnum):
    MOVE_IN = "move_in"
    RENOVATION = "renovation"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    title_zh: str
    required_when: str | None = None


def _items(prefix: str, *entries: str | tuple[str, str]) -> tuple[ChecklistItem, ...]:
    items = []
    for number, entry in enumerate(entries, start=1):
        title, condition = entry if isinstance(entry, tuple) else (entry, None)
        items.append(ChecklistItem(f"{prefix}-{number:02d}", title, condition))
    return tuple(items)


CHECKLISTS: dict[ChecklistKind, tuple[ChecklistItem, ...]] = {
    ChecklistKind.MOVE_IN: _items(
        "MI",
        "前期物业管理协议书",
        "入伙通知书(原件)",
        "业主身份证复印件",
        "业主公约签约件",
        "区域防火责任书",
        "房屋交接确认表",
        "签领钥匙登记表",
        "遗留项目整改记录表",
        "委托银行代收费合同",
        "业主/住户情况登记表",
    ),
    ChecklistKind.RENOVATION: _items(
        "RN",
        "装修申请表",
        "装修公司营业执照/税务登记证/资质证书",
        "装修图纸",
        "装修许可证",
        "装修协议书",
        "装修承诺书",
        "装修工人情况登记表",
        ("装修竣工申请表", "completed"),
        ("装修延期申请表", "extension"),
        ("动用明火申请表(动火证)", "hot_work"),
        ("回收的装修工人临时出入证", "completed"),
        ("违章记录", "violation"),
    ),
    ChecklistKind.TRANSFER: _items(
        "TR",
        "过户资料确认表",
        "房产证复印件或买卖协议复印件",
        "区域防火责任书",
        "委托银行代收费合同",
        "业主/住户情况登记表",
    ),
}
CONDITIONS = frozenset(i.required_when for items in CHECKLISTS.values() for i in items if i.required_when)


def missing(
    kind: ChecklistKind | str, received_codes: Iterable[str], conditions: Iterable[str] = ()
) -> tuple[ChecklistItem, ...]:
    """Items of the checklist not yet received, in checklist order.

    Raises InvalidInput for a code that is not on this checklist or an unknown condition,
    since a typo would otherwise make a document look missing for ever.
    """
    items = CHECKLISTS[ChecklistKind(kind)]
    received, applying = frozenset(received_codes), frozenset(conditions)
    unknown = sorted(received - {i.code for i in items})
    if unknown:
        raise InvalidInput("received_codes", f"not on the {kind} checklist: {', '.join(unknown)}")
    if applying - CONDITIONS:
        raise InvalidInput("conditions", f"unknown: {', '.join(sorted(applying - CONDITIONS))}")
    return tuple(
        i for i in items if i.code not in received and (i.required_when is None or i.required_when in applying)
    )


@dataclass(frozen=True)
class UnitDocuments:
    """What one unit has handed in for one checklist that applies to it."""

    unit_id: str
    kind: ChecklistKind
    received_codes: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ProjectRollup:
    """Per-project summary for chasing missing documents (追补缺少资料)."""

    units_checked: int
    units_complete: int
    missing_by_unit: Mapping[str, Mapping[ChecklistKind, tuple[str, ...]]]
    missing_count_by_code: Mapping[str, int]


def rollup(documents: Iterable[UnitDocuments]) -> ProjectRollup:
    """Roll unit checklists up to the project: who is missing what, and what is missing most."""
    by_unit: dict[str, dict[ChecklistKind, tuple[str, ...]]] = {}
    counts: dict[str, int] = {}
    units: set[str] = set()
    for doc in documents:
        units.add(doc.unit_id)
        codes = tuple(i.code for i in missing(doc.kind, doc.received_codes, doc.conditions))
        if codes:
            by_unit.setdefault(doc.unit_id, {})[doc.kind] = codes
        for code in codes:
            counts[code] = counts.get(code, 0) + 1
    return ProjectRollup(len(units), len(units) - len(by_unit), by_unit, dict(sorted(counts.items())))
