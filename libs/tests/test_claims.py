"""kefulib.claims on the real server: the next due row in order, each taken once, and nothing written when idle."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from kefulib.claims import DueRows, claim_next
from pymongo import MongoClient, monitoring

DUE = {"status": "queued", "due": {"$lte": 100}}
TAKE = {"$set": {"status": "taken"}}


class Commands(monitoring.CommandListener):
    def __init__(self):
        self.names = []

    def started(self, event):
        self.names.append(event.command_name)

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


def test_rows_are_claimed_in_due_order_each_once_even_by_racing_claimers(mongo_db):
    rows = mongo_db.rows
    rows.insert_many([{"_id": f"r{n:02d}", "tenant_id": f"p{n % 3}", "status": "queued", "due": 50 - n}
                      for n in range(40)] + [{"_id": "later", "tenant_id": "p1", "status": "queued", "due": 500}])
    assert claim_next(rows, DUE, TAKE, sort=[("due", 1)])["_id"] == "r39"  # the most overdue first

    def drain(_):
        taken = []
        while (row := claim_next(rows, DUE, TAKE, sort=[("due", 1)])) is not None:
            taken.append(row["_id"])
        return taken
    with ThreadPoolExecutor(4) as pool:
        taken = [row for batch in pool.map(drain, range(4)) for row in batch]
    assert sorted(taken) == sorted(f"r{n:02d}" for n in range(39))  # every due row once, none twice
    assert rows.find_one({"_id": "later"})["status"] == "queued"


def test_an_idle_poll_is_one_read_and_no_write(mongo_url, db_name):
    commands = Commands()
    client = MongoClient(mongo_url, event_listeners=[commands])
    try:
        rows = client[db_name].rows
        rows.insert_one({"_id": "later", "tenant_id": "p1", "status": "queued", "due": 500})
        commands.names.clear()
        assert claim_next(rows, DUE, TAKE, sort=[("due", 1)]) is None
        assert commands.names == ["find"]
    finally:
        client.close()


def test_a_page_of_candidates_is_read_once_and_each_row_costs_one_update_and_one_read(mongo_url, db_name):
    commands = Commands()
    client = MongoClient(mongo_url, event_listeners=[commands])
    try:
        rows = client[db_name].rows
        rows.insert_many([{"_id": f"r{n}", "tenant_id": "p1", "status": "queued", "due": n} for n in range(5)])
        due_rows = DueRows(rows, sort=[("due", 1)], page_size=10)
        commands.names.clear()
        taken = [due_rows.next(DUE, {**TAKE, "$inc": {"attempts": 1}}) for _ in range(5)]
        assert [row["_id"] for row in taken] == ["r0", "r1", "r2", "r3", "r4"]
        assert {row["status"] for row in taken} == {"taken"} and {row["attempts"] for row in taken} == {1}
        assert commands.names == ["find"] + ["update", "find"] * 5
    finally:
        client.close()


def test_a_candidate_another_worker_took_is_passed_over_and_a_lost_claim_changes_nothing(mongo_db):
    rows = mongo_db.rows
    rows.insert_many([{"_id": f"r{n}", "tenant_id": "p1", "status": "queued", "due": n} for n in range(3)])
    mine, theirs = DueRows(rows, sort=[("due", 1)]), DueRows(rows, sort=[("due", 1)])
    assert mine.next(DUE, TAKE)["_id"] == "r0"  # mine now holds r1 and r2 as candidates
    assert theirs.next(DUE, {"$set": {"status": "theirs"}})["_id"] == "r1"
    assert mine.next(DUE, TAKE)["_id"] == "r2"
    assert rows.find_one({"_id": "r1"})["status"] == "theirs"  # their claim stands
    assert mine.next(DUE, TAKE) is None


def test_a_claim_sets_only_what_it_names_and_counts_from_zero(mongo_db):
    rows = mongo_db.rows
    rows.insert_one({"_id": "r", "tenant_id": "p1", "status": "queued", "due": 1, "kept": {"a": [1, 2]}})
    row = claim_next(rows, DUE, {"$set": {"status": "taken", "price": "$5"}, "$inc": {"tries": 2}},
                     sort=[("due", 1)])
    assert row["kept"] == {"a": [1, 2]} and row["tries"] == 2
    assert row["price"] == "$5"  # a value is a value, never read as a field path
    assert "missing" not in row


def test_a_claim_update_with_other_operators_is_refused(mongo_db):
    mongo_db.rows.insert_one({"_id": "r", "status": "queued", "due": 1})
    with pytest.raises(ValueError, match=r"\$unset"):
        claim_next(mongo_db.rows, DUE, {"$unset": {"due": ""}}, sort=[("due", 1)])
