"""kefulib.claims on the real server: the next due row in order, each taken once, and nothing written when idle."""
from concurrent.futures import ThreadPoolExecutor

from kefulib.claims import claim_next
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
