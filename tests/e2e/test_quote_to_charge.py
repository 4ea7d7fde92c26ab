"""From a priced repair to money at the desk, across ticketing, billing and visits as real processes,
driven only over REST (docs/flows/quote-to-charge.md): billing owns the catalogue quote and the
customer's acceptance, ticketing follows billing's events to allow or stop work, and billing charges
exactly the accepted version as a numbered, payable slip. Also a warranty rework (a zero record on the
unit's statement) and a non-repair catalogue service sold and paid at the desk."""
import uuid

import pytest
from kefulib.testing.processes import wait_for


class Api:
    """One signed-in caller; `call` asserts the status and returns the JSON body."""

    def __init__(self, platform, session):
        self.platform, self.session = platform, session

    def call(self, method, service, path, expect=200, key=None, **kwargs):
        headers = {"Idempotency-Key": key} if key else {}
        response = self.session.request(method, self.platform.url(service) + path, headers=headers, **kwargs)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response

    def get(self, service, path, **params):
        return self.call("GET", service, path, params=params).json()

    def post(self, service, path, body=None, expect=200, key=None):
        return self.call("POST", service, path, expect=expect, key=key, json=body or {}).json()


@pytest.fixture(scope="module")
def demo(platform, sign_in, credentials):
    """The project's integration client: the technician's handheld and the staff console in one."""
    return Api(platform, sign_in(credentials["client"]["client_id"], credentials["client"]["client_secret"]))


@pytest.fixture(scope="module")
def staff(platform, make_person, password_session):
    """People of the demo project signed in with the password grant: the desk (CS assistant) and finance."""
    people = {role: Api(platform, password_session(make_person(username, username, [role])))
              for username, role in (("desk.wang", "cs_assistant"), ("finance.li", "finance_clerk"))}
    finance = people["finance_clerk"]
    finance.post("billing", "/catalogue/seed")
    finance.call("PUT", "billing", "/catalogue/items/PAID-58/price", json={"price_fen": 3000, "unit": "元/次"})
    return people


def ticket(api, tid):
    return api.get("ticketing", f"/tickets/{tid}")


def act(api, tid, action, expect=200, **body):
    return api.post("ticketing", f"/tickets/{tid}/actions/{action}", body, expect=expect)


def ticket_becomes(api, tid, check):
    found = wait_for(lambda: (t := ticket(api, tid)) and check(t) and t)
    assert found, ticket(api, tid)
    return found


def charge_of(api, tid):
    found = wait_for(lambda: api.get("billing", "/charges", ticket_id=tid)["items"])
    assert found, f"no charge for ticket {tid}"
    (charge,) = found
    return charge


def pay_at_the_desk(desk, charge):
    """Cash at the centre, with an idempotency key; the retry of the same request returns the same receipt."""
    key = f"desk-{uuid.uuid4()}"
    body = {"charge_id": charge["id"], "amount_fen": charge["amount_fen"], "method": "cash_at_centre"}
    first = desk.call("POST", "billing", "/payments", expect=201, key=key, json=body)
    again = desk.call("POST", "billing", "/payments", expect=201, key=key, json=body)
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json()["id"] == first.json()["id"]
    payment = first.json()
    assert payment["receipt_number"].startswith("RCPT-")
    receipt = desk.get("billing", f"/document-numbers/{payment['receipt_number']}")
    assert (receipt["status"], receipt["document_id"]) == ("issued", payment["id"])
    assert desk.get("billing", f"/charges/{charge['id']}")["balance"]["outstanding_fen"] == 0
    assert len(desk.get("billing", "/payments", charge_id=charge["id"])["items"]) == 1
    return payment


def statement_lines(api, unit):
    return api.get("billing", f"/units/{unit}/statement")["lines"]


def close_by_return_visit(api, tid):
    def scheduled():
        return [v for v in api.get("visits", "/return-visits", ticket_id=tid)["items"] if v.get("due_at")]
    (visit,) = wait_for(scheduled)
    api.post("visits", f"/return-visits/{visit['id']}/assign", {"assignee": "cs-2"})
    api.post("visits", f"/return-visits/{visit['id']}/complete", {"method": "phone", "satisfaction": 5,
                                                                   "problem_came_back": False})
    ticket_becomes(api, tid, lambda t: t["status"] == "closed")


def work_through(api, tid):
    for action, body in [("dispatch", {"department": "engineering", "assignee": "tech-7"}), ("accept", {}),
                         ("arrive", {})]:
        act(api, tid, action, **body)


def test_a_paid_repair_from_intake_through_a_revised_quote_to_a_paid_charge_and_a_closed_ticket(demo, staff):
    unit = f"7-3-{uuid.uuid4().hex[:4]}"
    tid = demo.call("POST", "ticketing", "/tickets", expect=201, json={
        "kind": "repair", "title": "Kitchen tap leaks", "unit_id": unit, "paid_repair": True}).json()["id"]
    work_through(demo, tid)

    # The technician prices from the catalogue, once, in billing; the customer accepts on site.
    quote = demo.post("billing", "/quotes", {"ticket_id": tid, "unit_id": unit, "lines": [
        {"catalogue_code": "REP-02", "quantity": 1, "materials_fen": 6000}]}, expect=201)
    demo.post("billing", f"/quotes/{quote['id']}/send")
    ticket_becomes(demo, tid, lambda t: t["status"] == "awaiting_quote_consent")
    demo.post("billing", f"/quotes/{quote['id']}/accept", {"version": 1, "recorded_via": "on_site"})
    ticket_becomes(demo, tid, lambda t: t["status"] == "on_site" and (t["quote"] or {}).get("accepted_version") == 1)

    # On site the angle valve is found broken too: version 2, and work waits for its acceptance.
    revised = demo.post("billing", f"/quotes/{quote['id']}/revisions", {"finding": "角阀也已损坏", "lines": [
        {"catalogue_code": "REP-02", "quantity": 1, "materials_fen": 6000},
        {"catalogue_code": "REP-03", "quantity": 1, "materials_fen": 2500}]}, expect=201)
    v2_total = revised["versions"][-1]["total_fen"]
    ticket_becomes(demo, tid, lambda t: t["quote"]["status"] == "revised")
    refused = act(demo, tid, "start_work", expect=409)
    assert "revised" in refused["detail"] and "accepts the new version" in refused["detail"]
    demo.post("billing", f"/quotes/{quote['id']}/send")
    demo.post("billing", f"/quotes/{quote['id']}/accept", {"version": 2, "recorded_via": "on_site"})
    ticket_becomes(demo, tid, lambda t: t["status"] == "on_site" and t["quote"]["accepted_version"] == 2)

    act(demo, tid, "start_work")
    act(demo, tid, "resolve", result="tap and angle valve replaced, no drip")
    assert act(demo, tid, "customer_sign_off", signed_by="Owner Chen")["status"] == "awaiting_return_visit"

    charge = charge_of(demo, tid)
    assert (charge["status"], charge["amount_fen"], charge["quote_id"], charge["quote_version"]) == (
        "open", v2_total, quote["id"], 2)
    assert charge["slip_number"].startswith("SLIP-") and charge["hold_reason"] is None
    assert not [c for c in demo.get("billing", "/charges", status="held")["items"] if c["ticket_id"] == tid]

    payment = pay_at_the_desk(staff["cs_assistant"], charge)
    assert [(line["document_number"], line["debit_fen"], line["credit_fen"]) for line in statement_lines(demo, unit)] \
        == [(charge["slip_number"], v2_total, 0), (payment["receipt_number"], 0, v2_total)]

    close_by_return_visit(demo, tid)


def test_a_warranty_rework_is_a_zero_record_on_the_statement_and_closes_by_its_return_visit(demo, staff):
    unit = f"8-1-{uuid.uuid4().hex[:4]}"
    original = demo.call("POST", "ticketing", "/tickets", expect=201, json={
        "kind": "repair", "title": "Balcony drain blocked", "unit_id": unit}).json()["id"]
    work_through(demo, original)
    for action, body in [("start_work", {}), ("resolve", {"result": "drain cleared"}),
                         ("customer_sign_off", {"signed_by": "Owner Zhou"})]:
        act(demo, original, action, **body)

    rework = demo.call("POST", "ticketing", "/tickets", expect=201, json={
        "kind": "repair", "title": "Drain blocked again", "unit_id": unit, "rework_of": original}).json()
    assert rework["under_warranty"] is True
    work_through(demo, rework["id"])
    for action, body in [("start_work", {}), ("resolve", {"result": "trap replaced, flows freely"}),
                         ("customer_sign_off", {"signed_by": "Owner Zhou"})]:
        act(demo, rework["id"], action, **body)

    zero = charge_of(demo, rework["id"])
    assert (zero["amount_fen"], zero["zero_reason"], zero["warranty_rework_of"]) == (0, "warranty_rework", original)
    assert zero["slip_number"].startswith("SLIP-") and zero["status"] == "open"
    (line,) = statement_lines(demo, unit)
    assert (line["document_number"], line["debit_fen"], line["charge_id"]) == (zero["slip_number"], 0, zero["id"])
    assert original in line["description"]
    close_by_return_visit(demo, rework["id"])


def test_a_catalogue_service_that_is_not_a_repair_is_charged_and_paid_at_the_desk(demo, staff):
    desk, unit = staff["cs_assistant"], f"2-5-{uuid.uuid4().hex[:4]}"
    body = {"unit_id": unit, "lines": [{"catalogue_code": "PAID-58", "quantity": 2}], "note": "洗车 x2"}
    key = f"desk-sale-{uuid.uuid4()}"
    charge = desk.call("POST", "billing", "/charges", expect=201, key=key, json=body).json()
    assert desk.call("POST", "billing", "/charges", expect=201, key=key, json=body).json()["id"] == charge["id"]
    assert (charge["source"], charge["amount_fen"], charge["lines"][0]["description"]) == ("desk", 6000, "洗车")
    assert charge["slip_number"].startswith("SLIP-")
    repair = desk.call("POST", "billing", "/charges", expect=422, key=f"desk-sale-{uuid.uuid4()}",
                       json={"unit_id": unit, "lines": [{"catalogue_code": "REP-02", "quantity": 1}]}).json()
    assert "lines.0.catalogue_code" in repair["errors"]

    payment = pay_at_the_desk(desk, charge)
    assert [(line["kind"], line["debit_fen"], line["credit_fen"]) for line in statement_lines(desk, unit)] == [
        ("charge", 6000, 0), ("payment", 0, 6000)]
    assert statement_lines(desk, unit)[-1]["document_number"] == payment["receipt_number"]
