"""Over REST and MongoDB: HQ reads one ticket of any project (where its approvals inbox and escalations lead), by
naming the project; project tokens are refused, and a ticket asked under the wrong project looks missing."""


def test_hq_reads_a_ticket_and_its_history_under_its_project_only(client, as_):
    made = client.post("/tickets", json={"kind": "complaint", "title": "电梯异响"}, headers=as_("p2"))
    assert made.status_code == 201, made.get_json()
    ticket = made.get_json()
    hq = as_("p1", "gm", "hq_general_manager", hq=True)

    read = client.get(f"/hq/tickets/{ticket['id']}?project=p2", headers=hq)
    assert read.status_code == 200, read.get_json()
    assert read.get_json() == client.get(f"/tickets/{ticket['id']}", headers=as_("p2")).get_json()
    history = client.get(f"/hq/tickets/{ticket['id']}/history?project=p2", headers=hq).get_json()
    assert history["ticket_id"] == ticket["id"] and history["items"][0]["to_state"] == ticket["status"]

    # Under another project the ticket does not exist; a project's token never reads through /hq.
    assert client.get(f"/hq/tickets/{ticket['id']}?project=p1", headers=hq).status_code == 404
    assert client.get(f"/hq/tickets/{ticket['id']}/history?project=p1", headers=hq).status_code == 404
    assert client.get(f"/hq/tickets/{ticket['id']}?project=p2", headers=as_("p2")).status_code == 403


def test_the_project_is_required_and_named_when_missing(client, as_):
    hq = as_("p1", "gm", "hq_general_manager", hq=True)
    answer = client.get("/hq/tickets/00000000-0000-4000-8000-000000000000", headers=hq)
    assert answer.status_code == 422
    assert "project" in str(answer.get_json())
