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
