import pytest
from kefulib.store import IndexSpec, TenantCollection, connect, ensure_indexes, run_in_transaction


def test_index_on_a_tenant_collection_must_lead_with_tenant_id():
    with pytest.raises(ValueError, match="must start with tenant_id"):
        IndexSpec("things", [("status", 1)])


def test_tenant_collection_adds_the_tenant_to_inserts_and_every_filter(mongo_db):
    a, b = TenantCollection(mongo_db.things, "a"), TenantCollection(mongo_db.things, "b")
    a.insert_one({"_id": "x", "v": 1})
    b.insert_one({"_id": "y", "v": 1})
    assert [d["_id"] for d in a.find({})] == ["x"]
    assert a.find_one({"_id": "y"}) is None
    # a caller-supplied tenant_id cannot widen the query
    assert a.find_one({"_id": "y", "tenant_id": "b"}) is None
    assert a.count_documents({"v": 1}) == 1
    assert list(a.aggregate([{"$group": {"_id": None, "n": {"$sum": 1}}}]))[0]["n"] == 1
    assert a.distinct("v") == [1] and a.distinct("_id", {"tenant_id": "b"}) == ["x"]
    assert a.update_one({"_id": "y"}, {"$set": {"v": 2}}).matched_count == 0
    assert mongo_db.things.find_one({"_id": "y"})["v"] == 1


def test_an_update_cannot_move_a_document_to_another_tenant(mongo_db):
    a = TenantCollection(mongo_db.things, "a")
    a.insert_one({"_id": "x"})
    with pytest.raises(ValueError, match="may not change tenant_id"):
        a.update_one({"_id": "x"}, {"$set": {"tenant_id": "b"}})


def test_a_failed_transaction_writes_nothing(mongo_db):
    ensure_indexes(mongo_db, [IndexSpec("things", [("tenant_id", 1), ("k", 1)], unique=True)])
    things = TenantCollection(mongo_db.things, "a")

    def work(session):
        things.insert_one({"k": 1}, session=session)
        mongo_db.other.insert_one({"n": 1}, session=session)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run_in_transaction(mongo_db, work)
    assert mongo_db.things.count_documents({}) == 0
    assert mongo_db.other.count_documents({}) == 0


def test_every_write_outside_a_transaction_waits_for_a_majority(mongo_url):
    db = connect(mongo_url, "concerns")
    assert db.write_concern.document == {"w": "majority"}  # the store module's table of concerns
    assert db.read_concern.level is None  # reads: the server's "local", on the primary
    db.client.close()


def test_an_aggregation_sees_only_its_tenant_whether_or_not_it_starts_with_its_own_match(mongo_db):
    mongo_db.rows.insert_many([{"tenant_id": t, "kind": k} for t in ("p1", "p2") for k in ("a", "a", "b")])
    p1 = TenantCollection(mongo_db.rows, "p1")
    by_kind = [{"$group": {"_id": "$kind", "n": {"$sum": 1}}}, {"$sort": {"_id": 1}}]
    assert list(p1.aggregate(by_kind)) == [{"_id": "a", "n": 2}, {"_id": "b", "n": 1}]
    assert list(p1.aggregate([{"$match": {"kind": "a"}}, *by_kind])) == [{"_id": "a", "n": 2}]
    # A pipeline naming another project in its own $match still reads only this one's rows.
    assert list(p1.aggregate([{"$match": {"tenant_id": "p2"}}, *by_kind])) == []
