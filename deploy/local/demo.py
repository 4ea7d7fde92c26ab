"""Demo data for `make run` and the end-to-end tests: buildings and units, and one staff account per role.

Staff are created through identity's REST API as HQ's administrator client, units as the project's
integration client, exactly as an operator would; nothing is written to a database directly.
"""
from __future__ import annotations

import secrets

import requests

# One account per role a property's people hold (HQ roles are company-wide and left out of the demo).
DEMO_ROLES = ["cs_assistant", "cs_administrator", "cs_supervisor", "project_manager", "engineering_supervisor",
              "technician", "security", "duty_officer", "finance_clerk", "zone_steward"]
ROLE_NAMES = {"cs_assistant": "客服助理", "cs_administrator": "客服管理员", "cs_supervisor": "客服主管",
              "project_manager": "项目经理", "engineering_supervisor": "工程主管", "technician": "维修技工",
              "security": "保安", "duty_officer": "值班员", "finance_clerk": "财务", "zone_steward": "片区管家"}
DEMO_UNITS = {"1": {1: ["101", "102"], 2: ["201", "202"]}, "2": {1: ["101"], 12: ["1201", "1203"]}}


def token(identity_url: str, client: dict) -> str:
    response = requests.post(identity_url + "/oauth/token", data={"grant_type": "client_credentials"},
                             auth=(client["client_id"], client["client_secret"]), timeout=10)
    response.raise_for_status()
    return response.json()["access_token"]


def create_units(identity_url: str, client: dict, units: dict = DEMO_UNITS) -> list[str]:
    headers = {"Authorization": f"Bearer {token(identity_url, client)}"}
    created = []
    for building, floors in units.items():
        requests.post(identity_url + "/buildings", json={"code": building, "name": f"{building}栋"}, headers=headers,
                      timeout=10)  # 409 when it exists already: fine
        for floor, rooms in floors.items():
            for room in rooms:
                answer = requests.post(identity_url + "/units", json={"building": building, "floor": floor, "room": room},
                                       headers=headers, timeout=10)
                if answer.status_code == 201:
                    created.append(answer.json()["unit_id"])
    return created


def create_person(identity_url: str, hq_admin: dict, tenant: str, username: str, name: str, roles: list[str],
                  password: str | None = None) -> dict:
    password = password or "Kefu-" + secrets.token_urlsafe(9)
    answer = requests.post(identity_url + "/staff", headers={"Authorization": f"Bearer {token(identity_url, hq_admin)}"},
                           json={"username": username, "name": name, "password": password,
                                 "roles": [{"role": role, "project_id": tenant} for role in roles]}, timeout=10)
    answer.raise_for_status()
    return {"username": username, "password": password, "roles": roles, "id": answer.json()["id"], "name": name}


def create_demo_staff(identity_url: str, hq_admin: dict, tenant: str) -> list[dict]:
    return [create_person(identity_url, hq_admin, tenant, f"{tenant}.{role}".replace("_", "-"), f"演示{ROLE_NAMES[role]}", [role])
            for role in DEMO_ROLES]


# A handful of standard answers 回复口径 from seed 004 (社区矛盾解决操作指引) and issue 15, so the console's knowledge
# base shows something: two company answers from HQ, three of the demo project's own.
DEMO_COMPANY_ANSWERS = [
    {"title": "高空抛物的投诉", "topic": "safety",
     "answer": "高空抛物危害很大。物业服务中心会加强巡查和监控,在醒目位置张贴提示,并与居委会联合开展宣传;如造成人身伤害,"
               "我们协助您报警并配合公安机关取证。",
     "questions": ["有人从楼上扔东西下来", "阳台上掉下来一个花盆"], "keywords": ["高空抛物", "监控", "报警"]},
    {"title": "邻居饲养宠物影响他人的投诉", "topic": "pets",
     "answer": "物业服务公司是服务机构,没有行政执法处罚权和强制执行权;我们会上门与饲养人沟通,请其设身处地考虑他人感受,"
               "必要时由居委会或街道办事处民事调解员协调。",
     "questions": ["楼上的狗整晚叫个不停", "小区里遛狗不拴绳"], "keywords": ["宠物", "遛狗"]},
]
DEMO_PROJECT_ANSWERS = [
    {"title": "车位管理服务费调整说明", "topic": "parking",
     "answer": "本次车位管理服务费的调整依据政府价格主管部门的备案和业主大会的表决结果进行,调价前已在小区公告栏公示满三十日。",
     "questions": ["停车费怎么又涨了", "车位费上调的依据是什么"], "keywords": ["车位", "公示"]},
    {"title": "晨练噪音扰民的投诉", "topic": "noise",
     "answer": "安全员巡查时会劝说音量较大的晨练活动调整时间或场地;如双方发生纠纷,我们会请居委会/社区工作站调解员到现场协调。",
     "questions": ["早上广场舞太吵了", "老人打麻将声音很大"], "keywords": ["晨练", "广场舞"]},
    {"title": "楼道及公共通道乱摆放物品", "topic": "community_order",
     "answer": "楼道乱堆放有消防安全隐患。我们会先劝说清理并张贴《温馨提示》;连续三次提示仍未清理的,编号清理存放于仓库,"
               "认领时需签字确认。",
     "questions": ["楼道里堆了好多鞋柜和自行车", "邻居把杂物放在消防通道"], "keywords": ["楼道", "消防通道"]},
]


def _publish_answers(desk_url: str, headers: dict, base: str, answers: list[dict]) -> int:
    published = 0
    for body in answers:
        created = requests.post(desk_url + base, json=body, headers=headers, timeout=10)
        created.raise_for_status()
        done = requests.post(f"{desk_url}{base}/{created.json()['id']}/publish", json={}, headers=headers, timeout=10)
        published += done.status_code == 200
    return published


def create_demo_answers(identity_url: str, desk_url: str, hq_admin: dict, staff_app: dict, supervisor: dict,
                        tenant: str) -> int:
    """HQ's answers as HQ's administrator client, the project's as its CS supervisor (password grant)."""
    hq = {"Authorization": f"Bearer {token(identity_url, hq_admin)}"}
    signed_in = requests.post(identity_url + "/oauth/token", auth=(staff_app["client_id"], staff_app["client_secret"]),
                              data={"grant_type": "password", "username": supervisor["username"],
                                    "password": supervisor["password"], "tenant_id": tenant}, timeout=10)
    signed_in.raise_for_status()
    project = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    return (_publish_answers(desk_url, hq, "/hq/answers", DEMO_COMPANY_ANSWERS)
            + _publish_answers(desk_url, project, "/answers", DEMO_PROJECT_ANSWERS))
