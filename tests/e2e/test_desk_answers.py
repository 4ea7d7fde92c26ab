"""Standard answers 回复口径 on the real platform (issue 15, DK-5): HQ's general manager writes a company answer and a
project's CS supervisor its own, both over REST with tokens from identity's password grant; a clerk's question
phrased unlike either title finds them, a recorded use shows in the project's and HQ's usage, and another project
sees the company answer but not the project's."""
import uuid

import pytest

PARKING = {"title": "车位管理服务费调整说明", "topic": "parking",
           "answer": "本次车位管理服务费的调整依据政府价格主管部门备案和业主大会表决结果进行,调价前已公示满三十日。",
           "questions": ["停车费怎么又涨了", "车位费上调的依据是什么"], "keywords": ["车位", "公示"]}
SECURITY = {"title": "居家安全防范提示", "topic": "safety",
            "answer": "请开通居家报警,外聘家政人员到客户服务中心备案,更换服务人员或租住人员时更换门锁,谨防尾随。",
            "questions": ["保姆换人了门锁要不要换", "怎么防止小偷进家"], "keywords": ["门锁", "家政"]}


@pytest.fixture(scope="module")
def people(platform, hq_admin, make_person, password_session):
    """HQ's general manager, the demo project's CS supervisor and clerk, and another project's clerk."""
    assert hq_admin.post(platform.url("identity") + "/tenants", json={"name": "另一个项目", "code": "kb-other"}
                         ).status_code == 201
    accounts = {"gm": ("hq_general_manager", None), "sup": ("cs_supervisor", "demo"), "clerk": ("cs_assistant", "demo"),
                "other": ("cs_assistant", "kb-other")}
    return {name: password_session(make_person(f"kb-{name}", f"口径 {name}", [role], project))
            for name, (role, project) in accounts.items()}


def published(session, base, body):
    created = session.post(base, json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert created.status_code == 201, created.text
    done = session.post(f"{base}/{created.json()['id']}/publish", json={"version": 1})
    assert done.status_code == 200, done.text
    return done.json()


def search(session, desk, question):
    answer = session.get(desk + "/answers", params={"q": question})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_hq_and_project_answers_are_found_used_and_kept_to_their_projects(platform, people):
    desk = platform.url("desk")
    company = published(people["gm"], desk + "/hq/answers", SECURITY)
    own = published(people["sup"], desk + "/answers", PARKING)
    assert (company["scope"], own["scope"]) == ("company", "project")

    found = search(people["clerk"], desk, "停车费为什么涨价")
    assert found[0]["id"] == own["id"] and found[0]["score"] > 0
    assert search(people["clerk"], desk, "换了保姆要不要换锁")[0]["id"] == company["id"]

    use = people["clerk"].post(f"{desk}/answers/{own['id']}/uses", json={"context": "intake"},
                               headers={"Idempotency-Key": uuid.uuid4().hex})
    assert use.status_code == 201, use.text
    usage = people["sup"].get(desk + "/answers/usage").json()
    assert [(row["answer_id"], row["uses"]) for row in usage["items"]] == [(own["id"], 1)]
    assert people["clerk"].get(f"{desk}/answers/{own['id']}").json()["uses"] == 1
    hq_usage = people["gm"].get(desk + "/hq/answers/usage").json()
    assert hq_usage["items"][0]["projects"] == [{"project_id": "demo", "uses": 1}]

    other = people["other"]
    assert [a["id"] for a in search(other, desk, "停车费为什么涨价")] == []
    assert other.get(f"{desk}/answers/{own['id']}").status_code == 404
    assert search(other, desk, "换了保姆要不要换锁")[0]["id"] == company["id"]
    refused = people["sup"].put(f"{desk}/answers/{company['id']}", json={**SECURITY, "version": company["version"]})
    assert refused.status_code == 409 and refused.json()["reason_code"] == "company_answer"


def test_make_runs_demo_answers_are_published_through_the_api(platform, credentials, sign_in):
    """deploy/local/demo.py's answers, as `make run` seeds them: HQ's by its administrator client, the project's by
    a CS supervisor signed in with the password grant."""
    from deploy.local import demo
    identity, desk = platform.url("identity"), platform.url("desk")
    supervisor = demo.create_person(identity, credentials["hq_admin"], "demo", "kb-demo-sup", "演示客服主管",
                                    ["cs_supervisor"])
    count = demo.create_demo_answers(identity, desk, credentials["hq_admin"], credentials["staff_app"], supervisor,
                                     "demo")
    assert count == len(demo.DEMO_COMPANY_ANSWERS) + len(demo.DEMO_PROJECT_ANSWERS)
    clerk = sign_in(credentials["client"]["client_id"], credentials["client"]["client_secret"])
    found = clerk.get(desk + "/answers", params={"q": "楼上邻居的狗一直叫", "status": "published"}).json()["items"]
    assert found[0]["title"] == "邻居饲养宠物影响他人的投诉" and found[0]["scope"] == "company"
