import pytest
from kefulib import sharding
from kefulib.store import IndexSpec


def test_a_collection_without_unique_indexes_is_sharded_on_tenant_and_id():
    planned = sharding.plan([IndexSpec("things", [("tenant_id", 1), ("at", -1)])], collections=["bare"])
    assert planned["things"].key_document == planned["bare"].key_document == {"tenant_id": 1, "_id": 1}


def test_unique_indexes_give_their_common_ascending_prefix_which_each_then_starts_with():
    specs = [IndexSpec("h", [("tenant_id", 1), ("ticket_id", 1), ("seq", 1)], unique=True),
             IndexSpec("v", [("tenant_id", 1), ("answer_id", 1), ("version", -1)], unique=True),
             IndexSpec("two", [("tenant_id", 1), ("a", 1)], unique=True), IndexSpec("two", [("tenant_id", 1), ("b", 1)],
                                                                                    unique=True)]
    planned = sharding.plan(specs)
    assert planned["h"].key_document == {"tenant_id": 1, "ticket_id": 1, "seq": 1}
    assert planned["v"].key_document == {"tenant_id": 1, "answer_id": 1}  # a shard key's fields are ascending
    assert planned["two"].key_document == {"tenant_id": 1}
    assert sharding.check(planned, specs) == []
    wrong = {"h": sharding.Sharded("h", (("tenant_id", 1), ("_id", 1)), "made up")}
    assert sharding.check(wrong, specs[:1])  # MongoDB would refuse that unique index


def test_a_global_unique_index_must_be_declared_unsharded_with_a_reason():
    specs = [IndexSpec("accounts", [("username", 1)], unique=True, tenant_scoped=False)]
    with pytest.raises(ValueError, match="UNSHARDED"):
        sharding.plan(specs)
    planned = sharding.plan(specs, unsharded={"accounts": "one account across projects"})
    assert isinstance(planned["accounts"], sharding.Unsharded)


def test_gridfs_chunks_take_mongodbs_documented_key_and_explicit_keys_win():
    planned = sharding.plan([], collections=["blobs.chunks", "odd"], shard_keys={"odd": (("tenant_id", 1), ("n", 1))})
    assert planned["blobs.chunks"].key_document == {"files_id": 1, "n": 1}
    assert planned["odd"].key_document == {"tenant_id": 1, "n": 1}
