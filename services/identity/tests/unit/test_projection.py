from identity.domain import Purpose, RecordKind, Role, decide, fields_of, project_record

RESIDENTS = {
    "_id": "r-1",
    "tenant_id": "p-1",
    "unit": "3-15-02",
    "members": [
        {"name": "张三", "id_number": "110101199001011234", "phone": "13812341234"},
        {"name": "欧阳娜娜", "id_number": "110101200001011234", "phone": "13900001111"},
    ],
    "emergency_contact": {"name": "李四", "phone": "13712345678", "address": "深圳市南山区某某花园3栋1502"},
}


def test_the_view_keeps_only_disclosed_fields_and_drops_storage_keys():
    decision = decide(
        Role.CS_ASSISTANT, RecordKind.RESIDENT_ARCHIVE, ["unit", "members.name"], Purpose.CUSTOMER_SERVICE
    )
    assert project_record(RESIDENTS, decision) == {
        "unit": "3-15-02",
        "members": [{"name": "张三"}, {"name": "欧阳娜娜"}],
    }


def test_the_contact_list_view_masks_the_id_number_and_carries_no_phone():
    contact = {
        "unit": "3-15-02",
        "name": "张三",
        "id_number": "110101199001011234",
        "emergency_contact": {"name": "李四", "phone": "13712345678"},
    }
    decision = decide(
        Role.SECURITY, RecordKind.CONTACT_LIST, fields_of(RecordKind.CONTACT_LIST), Purpose.SECURITY_CONTACT_LIST
    )
    assert project_record(contact, decision) == {
        "unit": "3-15-02",
        "name": "张三",
        "id_number": "110***********1234",
        "emergency_contact": {"name": "李四"},
    }


def test_masked_fields_inside_lists_are_masked_item_by_item():
    decision = decide(Role.CS_ASSISTANT, RecordKind.RESIDENT_ARCHIVE, ["members.phone"], Purpose.CUSTOMER_SERVICE)
    decision = decision.__class__(
        **(decision.__dict__ | {"visible_fields": frozenset(), "masked_fields": frozenset({"members.phone"})})
    )
    assert project_record(RESIDENTS, decision) == {"members": [{"phone": "138****1234"}, {"phone": "139****1111"}]}


def test_a_refused_read_yields_an_empty_view():
    decision = decide(
        Role.TECHNICIAN, RecordKind.RESIDENT_ARCHIVE, fields_of(RecordKind.RESIDENT_ARCHIVE), Purpose.REPAIR_DISPATCH
    )
    assert project_record(RESIDENTS, decision) == {}


def test_fields_absent_from_the_record_are_simply_absent_from_the_view():
    decision = decide(Role.CS_ASSISTANT, RecordKind.OWNER_ARCHIVE, ["photo", "unit"], Purpose.CUSTOMER_SERVICE)
    assert project_record({"unit": "1-1-01"}, decision) == {"unit": "1-1-01"}
