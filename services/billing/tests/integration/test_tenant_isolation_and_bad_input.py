"""X-1 and X-4 for every endpoint: another project's token with a real id of the first answers
exactly like a missing id (or an empty list), and malformed input gets a 422 naming the field
with nothing written."""
import pytest

ROLES = ("finance_clerk", "project_manager")


@pytest.fixture
def world(billing):
    """One of everything in project p1."""
    billing.seed("p1")
    billing.post("/catalogue/categories", {"code": "pets", "name": "宠物"}, roles=ROLES)
    billing.post("/catalogue/items", {"code": "PET-01", "kind": "paid", "category": "pets", "name_zh": "遛狗",
                                      "price_fen": 3000, "unit": "元/次"}, roles=ROLES)
    quote = billing.post("/quotes", {"ticket_id": "t-1", "unit_id": "u-1",
                                     "lines": [{"catalogue_code": "PET-01", "quantity": 1}]}).get_json()
    charge = billing.charge("p1", ticket_id="t-1", unit_id="u-1")
    payment = billing.pay(charge["_id"], 9000, roles=ROLES).get_json()
    credit = billing.post("/credit-notes", {"charge_id": charge["_id"], "amount_fen": 500, "reason": "x"},
                          key="cn-world-1", roles=ROLES).get_json()
    refund = billing.post("/refunds", {"payment_id": payment["id"], "amount_fen": 500, "reason": "x"},
                          key="rf-world-1", roles=ROLES).get_json()
    order = billing.post("/commissions", {"unit_id": "u-1", "description": "蛋糕", "prepaid_fen": 100}, roles=ROLES
                         ).get_json()
    return {"quote": quote["id"], "charge": charge["_id"], "payment": payment["id"], "credit": credit["id"],
            "refund": refund["id"], "order": order["id"], "number": charge["slip_number"], "item": "PET-01"}


MISSING = {"quote": "no-such-quote", "charge": "no-such-charge", "payment": "no-such-payment", "credit": "no-such-credit",
           "refund": "no-such-refund", "order": "no-such-order", "number": "SLIP-2026-999999", "item": "NO-SUCH"}

# (method, path, json body, Idempotency-Key?) — each names a real object of p1 through {placeholders}.
BY_ID = [
    ("GET", "/catalogue/items/{item}", None, False),
    ("PUT", "/catalogue/items/{item}/price", {"price_fen": 100, "unit": "元/次"}, False),
    ("GET", "/quotes/{quote}", None, False),
    ("POST", "/quotes/{quote}/send", None, False),
    ("POST", "/quotes/{quote}/accept", {"version": 1}, False),
    ("POST", "/quotes/{quote}/decline", {"version": 1, "reason": "x"}, False),
    ("POST", "/quotes/{quote}/revisions", {"lines": [{"description": "x", "quantity": 1, "unit_price_fen": 1}],
                                          "finding": "x"}, False),
    ("GET", "/charges/{charge}", None, False),
    ("POST", "/charges/{charge}/release", {"reason": "x"}, False),
    ("POST", "/charges/{charge}/cancel", {"reason": "x"}, False),
    ("POST", "/payments", {"charge_id": "{charge}", "amount_fen": 100, "method": "cash_at_centre"}, True),
    ("GET", "/payments/{payment}", None, False),
    ("POST", "/refunds", {"payment_id": "{payment}", "amount_fen": 100, "reason": "x"}, True),
    ("GET", "/refunds/{refund}", None, False),
    ("POST", "/credit-notes", {"charge_id": "{charge}", "amount_fen": 100, "reason": "x"}, True),
    ("GET", "/credit-notes/{credit}", None, False),
    ("GET", "/commissions/{order}", None, False),
    ("POST", "/commissions/{order}/voucher", {"supplier": "x", "voucher_number": "v", "amount_fen": 1}, False),
    ("POST", "/commissions/{order}/settle", None, False),
    ("POST", "/commissions/{order}/cancel", {"reason": "x"}, False),
    ("GET", "/document-numbers/{number}", None, False),
    ("POST", "/document-numbers/{number}/cancel", {"reason": "x"}, False),
]


def fill(template, values):
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    return template.format(**values) if isinstance(template, str) else template


def call(billing, method, path, body, tenant, key=None, query=""):
    headers = billing.headers(tenant, ROLES, key=key)
    return billing.client.open(path + query, method=method, json=body, headers=headers)


def counts(db):
    return {name: db[name].count_documents({}) for name in db.list_collection_names()}


@pytest.mark.parametrize("method,path,body,keyed", BY_ID, ids=[f"{m} {p}" for m, p, _, _ in BY_ID])
def test_another_project_sees_a_real_id_exactly_like_a_missing_one(billing, world, method, path, body, keyed):
    before = counts(billing.db)
    theirs = call(billing, method, fill(path, world), fill(body, world), "p2", key="probe-key-1" if keyed else None)
    missing = call(billing, method, fill(path, MISSING), fill(body, MISSING), "p1", key="probe-key-2" if keyed else None)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_json() == missing.get_json()
    assert counts(billing.db) == before


LISTS = ["/catalogue/categories", "/catalogue/items", "/quotes", "/charges", "/payments", "/refunds", "/credit-notes",
         "/commissions", "/document-numbers"]


@pytest.mark.parametrize("path", LISTS)
def test_another_project_lists_nothing_of_the_first(billing, world, path):
    assert billing.get(path, tenant="p1").get_json()["total"] > 0
    page = billing.get(path, tenant="p2").get_json()
    assert (page["items"], page["total"]) == ([], 0)


def test_another_project_reads_empty_statements_and_revenue(billing, world):
    statement = billing.get("/units/u-1/statement?from=2026-01-01&to=2026-12-31", tenant="p2").get_json()
    assert (statement["lines"], statement["opening_balance_fen"], statement["closing_balance_fen"]) == ([], 0, 0)
    assert billing.get("/revenue?from=2026-01-01&to=2026-12-31", tenant="p2").get_json()["months"] == []
    assert billing.get("/revenue.csv?from=2026-01-01&to=2026-12-31", tenant="p2").get_data(as_text=True).count("\n") == 1
    for path in ("/hq/revenue", "/hq/revenue.csv"):
        assert billing.get(path, tenant="p2").status_code == 403  # only an HQ token reads across projects


def test_another_project_cannot_quote_or_price_from_the_first_projects_catalogue(billing, world):
    quote = billing.post("/quotes", {"ticket_id": "t-1", "unit_id": "u-1",
                                     "lines": [{"catalogue_code": "PET-01", "quantity": 1}]}, tenant="p2")
    assert quote.status_code == 422 and "lines.0.catalogue_code" in quote.get_json()["errors"]
    item = billing.post("/catalogue/items", {"code": "PET-02", "kind": "paid", "category": "pets", "name_zh": "x"},
                        tenant="p2", roles=ROLES)
    assert item.status_code == 422 and "category" in item.get_json()["errors"]
    seeded = billing.seed("p2")
    assert seeded["inserted"] == seeded["total"] and billing.get("/catalogue/items/PET-01", tenant="p2").status_code == 404


# (method, path, body, query, Idempotency-Key?, field the 422 must name)
MALFORMED = [
    ("POST", "/catalogue/categories", {"code": "bad code!", "name": "x"}, "", False, "code"),
    ("GET", "/catalogue/categories", None, "?page=0", False, "page"),
    ("POST", "/catalogue/items", {"code": "X-1", "kind": "cheap", "category": "pets", "name_zh": "x"}, "", False, "kind"),
    ("POST", "/catalogue/items", {"code": "X-1", "kind": "paid", "category": "pets", "name_zh": "x", "price_fen": 1.5},
     "", False, "price_fen"),
    ("GET", "/catalogue/items", None, "?kind=cheap", False, "kind"),
    ("PUT", "/catalogue/items/{item}/price", {"price_fen": "12.00", "unit": "元/次"}, "", False, "price_fen"),
    ("PUT", "/catalogue/items/{item}/price", {"price_fen": -1, "unit": "元/次"}, "", False, "price_fen"),
    ("POST", "/quotes", {"ticket_id": "t-1", "unit_id": "u-1", "lines": []}, "", False, "lines"),
    ("POST", "/quotes", {"ticket_id": "t-1", "unit_id": "u-1", "lines": [{"catalogue_code": "PET-01", "quantity": 0}]},
     "", False, "lines.0.quantity"),
    ("POST", "/quotes", {"ticket_id": "t-1", "unit_id": "u-1", "lines": [{"quantity": 1, "unit_price_fen": 100}]},
     "", False, "lines.0.description"),
    ("POST", "/quotes", {"unit_id": "u-1", "lines": [{"catalogue_code": "PET-01", "quantity": 1}]}, "", False,
     "ticket_id"),
    ("GET", "/quotes", None, "?status=maybe", False, "status"),
    ("POST", "/quotes/{quote}/accept", {"version": "one"}, "", False, "version"),
    ("POST", "/quotes/{quote}/decline", {"version": 1}, "", False, "reason"),
    ("POST", "/quotes/{quote}/revisions", {"lines": [{"catalogue_code": "PET-01", "quantity": 1}]}, "", False,
     "finding"),
    ("GET", "/charges", None, "?status=lost", False, "status"),
    ("POST", "/payments", {"charge_id": "{charge}", "amount_fen": 10.5, "method": "cash_at_centre"}, "", True,
     "amount_fen"),
    ("POST", "/payments", {"charge_id": "{charge}", "amount_fen": 100, "method": "bitcoin"}, "", True, "method"),
    ("POST", "/payments", {"charge_id": "{charge}", "amount_fen": 0, "method": "cash_at_centre"}, "", True, "amount_fen"),
    ("POST", "/payments", {"charge_id": "{charge}", "amount_fen": 100, "method": "cash_at_centre"}, "", False,
     "Idempotency-Key"),
    ("POST", "/payments", {"charge_id": "{charge}", "amount_fen": 100, "method": "bank_transfer",
                           "received_on": "2999-01-01"}, "", True, "received_on"),
    ("GET", "/payments", None, "?page_size=500", False, "page_size"),
    ("POST", "/charges", {"unit_id": "u-1", "lines": [{"catalogue_code": "PET-01", "quantity": 1.5}]}, "", True,
     "lines.0.quantity"),
    ("POST", "/charges", {"unit_id": "u-1", "lines": [{"catalogue_code": "PET-01", "quantity": 1}]}, "", False,
     "Idempotency-Key"),
    ("POST", "/charges/{charge}/release", {"reason": "x", "quote_version": "2"}, "", False, "quote_version"),
    ("POST", "/charges/{charge}/cancel", {}, "", False, "reason"),
    ("POST", "/refunds", {"payment_id": "{payment}", "amount_fen": 100}, "", True, "reason"),
    ("GET", "/refunds", None, "?page=x", False, "page"),
    ("POST", "/credit-notes", {"charge_id": "{charge}", "amount_fen": "1", "reason": "x"}, "", True, "amount_fen"),
    ("GET", "/credit-notes", None, "?charge_id=", False, "charge_id"),
    ("POST", "/commissions", {"unit_id": "u-1", "description": "蛋糕", "prepaid_fen": 0}, "", False, "prepaid_fen"),
    ("POST", "/commissions", {"unit_id": "u-1", "prepaid_fen": 100}, "", False, "description"),
    ("GET", "/commissions", None, "?status=eaten", False, "status"),
    ("POST", "/commissions/{order}/voucher", {"supplier": "x", "amount_fen": 100}, "", False, "voucher_number"),
    ("POST", "/commissions/{order}/cancel", {}, "", False, "reason"),
    ("GET", "/document-numbers", None, "?doc_type=cheque", False, "doc_type"),
    ("POST", "/document-numbers/{number}/cancel", {"reason": ""}, "", False, "reason"),
    ("GET", "/units/u-1/statement", None, "?from=yesterday", False, "from"),
    ("GET", "/units/u-1/statement", None, "?from=2026-11-30&to=2026-11-01", False, "to"),
    ("GET", "/revenue", None, "?to=2026-13-01", False, "to"),
    ("GET", "/revenue.csv", None, "?from=x", False, "from"),
    ("GET", "/hq/revenue", None, "?from=x", False, "from"),
    ("GET", "/hq/revenue.csv", None, "?to=x", False, "to"),
]


@pytest.mark.parametrize("method,path,body,query,keyed,field", MALFORMED,
                         ids=[f"{m} {p}{q} {f}" for m, p, _, q, _, f in MALFORMED])
def test_malformed_input_is_refused_naming_the_field_and_nothing_is_written(billing, world, token_factory, method, path,
                                                                            body, query, keyed, field):
    before = counts(billing.db)
    headers = billing.headers("p1", ROLES, key="bad-input-1" if keyed else None, hq=path.startswith("/hq"))
    response = billing.client.open(fill(path, world) + query, method=method, json=fill(body, world), headers=headers)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
    assert counts(billing.db) == before
