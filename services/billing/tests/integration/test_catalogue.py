"""BL-1: a catalogue per project, seeded from seed 001 plus the repair price list."""
from billing import cli


def test_seeding_a_project_loads_28_free_and_60_paid_services_and_the_repair_price_list(billing):
    result = billing.seed("p1")
    assert (result["free"], result["paid"]) == (28, 60) and result["repair"] >= 20
    assert result["inserted"] == result["total"] == 88 + result["repair"]
    page = billing.get("/catalogue/items?kind=free&page_size=200").get_json()
    assert page["total"] == 28 and all(item["price_fen"] == 0 for item in page["items"])
    repair = billing.get("/catalogue/items/REP-02").get_json()
    assert repair["kind"] == "repair" and repair["price_fen"] == 3000 and repair["materials_billed_separately"] is True
    assert billing.get("/catalogue/items/PAID-38").get_json()["name_zh"] == "接送小孩小学(村内)"


def test_seeding_twice_adds_nothing(billing):
    first = billing.seed("p1")
    second = billing.seed("p1")
    assert second["inserted"] == 0 and second["already_present"] == first["total"] == second["total"]
    assert billing.db.catalogue_items.count_documents({"tenant_id": "p1"}) == first["total"]


def test_the_seed_command_loads_the_same_catalogue_and_is_idempotent(billing, settings, monkeypatch, capsys):
    monkeypatch.setenv("MONGO_URL", settings.mongo_url)
    monkeypatch.setenv("MONGO_DB", settings.mongo_db)
    assert cli.main(["seed-catalogue", "--tenant", "p7"]) == 0
    assert cli.main(["seed-catalogue", "--tenant", "p7"]) == 0
    assert '"inserted": 0' in capsys.readouterr().out.strip().splitlines()[-1]
    assert billing.get("/catalogue/items?page_size=1", tenant="p7").get_json()["total"] == billing.seed("p8")["total"]


def test_a_project_sets_its_own_price_for_a_paid_service_and_keeps_the_old_one(billing):
    billing.seed("p1")
    assert billing.get("/catalogue/items/PAID-13").get_json()["price_fen"] is None
    response = billing.put("/catalogue/items/PAID-13/price", {"price_fen": 15000, "unit": "元/次"})
    assert response.status_code == 200, response.get_json()
    item = response.get_json()
    assert (item["price_fen"], item["unit"], item["price_text"]) == (15000, "元/次", "150.00元/次")
    again = billing.put("/catalogue/items/PAID-13/price", {"price_fen": 16000, "unit": "元/次"}).get_json()
    assert [h["price_fen"] for h in again["price_history"]] == [None, 15000]
    assert billing.get("/catalogue/items/PAID-13", tenant="p2").status_code == 404


def test_a_free_service_cannot_be_given_a_price(billing):
    billing.seed("p1")
    response = billing.put("/catalogue/items/FREE-05/price", {"price_fen": 100, "unit": "元/次"})
    assert response.status_code == 409 and response.get_json()["reason_code"] == "free_service_has_price"


def test_a_project_adds_its_own_category_and_item(billing):
    category = billing.post("/catalogue/categories", {"code": "pets", "name": "宠物服务"}, roles=("project_manager",))
    assert category.status_code == 201
    item = billing.post("/catalogue/items", {"code": "PET-01", "kind": "paid", "category": "pets", "name_zh": "代遛狗",
                                             "price_fen": 3000, "unit": "元/次"}, roles=("project_manager",))
    assert item.status_code == 201, item.get_json()
    assert billing.get("/catalogue/items?category=pets").get_json()["items"][0]["code"] == "PET-01"
    duplicate = billing.post("/catalogue/categories", {"code": "pets", "name": "x"}, roles=("project_manager",))
    assert duplicate.status_code == 409


def test_an_item_in_an_unknown_category_is_refused_naming_the_field(billing):
    response = billing.post("/catalogue/items", {"code": "X-1", "kind": "paid", "category": "nope", "name_zh": "x"},
                            roles=("project_manager",))
    assert response.status_code == 422 and "category" in response.get_json()["errors"]
    assert billing.db.catalogue_items.count_documents({}) == 0


def test_a_technician_cannot_change_the_catalogue(billing):
    response = billing.post("/catalogue/seed", roles=("technician",))
    assert response.status_code == 403
    assert billing.db.catalogue_items.count_documents({}) == 0
