"""Which renovation step supplies which document of the unit's renovation checklist (RN-01…RN-12).

identity follows the renovation service by its events, never by reading its data: each event names the step
that happened, and this table says which RN codes the step puts in the archive and which conditions
(`required_when`) it makes apply, so that e.g. the returned passes are only asked for once completion began.
"""
from collections.abc import Mapping
from dataclasses import dataclass

from identity.domain.checklists import CHECKLISTS, ChecklistKind

# renovation's paper kinds (renovation.application.submitted `papers`) that are on the RN checklist. The owner's
# ID, the proof of property and an agent's authorisation are not: they belong to the owner's archive.
PAPER_CODES: Mapping[str, str] = {
    "application_form": "RN-01",          # 装修申请表
    "contractor_licence": "RN-02",        # 装修公司营业执照/税务登记证/资质证书
    "contractor_qualification": "RN-02",
    "drawings": "RN-03",                  # 装修图纸
    "agreement": "RN-05",                 # 装修协议书
    "commitment": "RN-06",                # 装修承诺书
}

# Steps that supply their document whatever the event carries: (codes, conditions).
STEP_DOCUMENTS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "renovation.permit.issued": (("RN-04",), ()),                      # 装修许可证
    "renovation.pass.issued": (("RN-07",), ()),                        # 装修工人情况登记表
    "renovation.completion.requested": (("RN-08",), ("completed",)),   # 装修竣工申请表
    "renovation.permit.extended": (("RN-09",), ("extension",)),        # 装修延期申请表
    "renovation.hot_work.approved": (("RN-10",), ("hot_work",)),       # 动用明火申请表(动火证)
    "renovation.violation.recorded": (("RN-12",), ("violation",)),     # 违章记录
}
APPLICATION_SUBMITTED = "renovation.application.submitted"
COMPLETION_ACCEPTED = "renovation.completion.accepted"
RENOVATION_EVENT_TYPES = (APPLICATION_SUBMITTED, *STEP_DOCUMENTS, COMPLETION_ACCEPTED)


@dataclass(frozen=True)
class Supplied:
    """What one renovation event puts on the unit's renovation checklist."""

    codes: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()


def supplied_by(event_type: str, data: Mapping) -> Supplied:
    """The RN codes (checklist order, each once) and conditions a renovation event supplies; nothing for a type
    that supplies no document."""
    codes: list[str] = []
    conditions: tuple[str, ...] = ()
    if event_type == APPLICATION_SUBMITTED:
        codes = [PAPER_CODES[p] for p in data.get("papers", ()) if p in PAPER_CODES]
    elif event_type == COMPLETION_ACCEPTED:
        # Accepted only once no pass is out: the returned (or revoked) passes 回收的出入证 are all in.
        codes, conditions = ["RN-11"], ("completed",)
    elif event_type in STEP_DOCUMENTS:
        step_codes, conditions = STEP_DOCUMENTS[event_type]
        codes = list(step_codes)
    order = [i.code for i in CHECKLISTS[ChecklistKind.RENOVATION]]
    return Supplied(tuple(sorted(set(codes), key=order.index)), conditions)
