"""Request and response shapes of the key register 钥匙登记."""
from kefulib.web import PageQuery, page_schema
from marshmallow import Schema, fields, validate

from .domain.keys import KeyKind
from .schemas_common import LABEL, STAFF, TEXT, UNIT, PersonIn, PersonOut, aware_time

KINDS = [str(k) for k in KeyKind]


class KeyIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS), metadata={
        "description": "unit_spare 业主备用钥匙 | common_area 公共区域 | plant_room 机房 | other"})
    label = fields.String(required=True, validate=LABEL, metadata={"description": "what the tag says"})
    unit_id = fields.String(validate=UNIT, allow_none=True, metadata={"description": "required for a unit's spare key"})
    hook = fields.String(required=True, validate=LABEL, metadata={"description": "storage hook number 挂钩号"})
    note = fields.String(validate=TEXT)


class AuthorisationIn(Schema):
    persons = fields.List(fields.Nested(PersonIn), required=True, validate=validate.Length(min=1, max=10),
                          metadata={"description": "the people the owner names (授权书)"})
    valid_until = aware_time(required=True)
    document_ref = fields.String(validate=TEXT, metadata={"description": "where the signed paper is filed"})


class AuthorisationOut(Schema):
    persons = fields.List(fields.Nested(PersonOut))
    valid_until = fields.DateTime()
    document_ref = fields.String(allow_none=True)
    recorded_by = fields.String()
    recorded_at = fields.DateTime()


class KeyOut(Schema):
    id = fields.String(attribute="_id")
    kind = fields.String()
    label = fields.String()
    unit_id = fields.String(allow_none=True)
    hook = fields.String()
    note = fields.String()
    status = fields.String(metadata={"description": "in | out | handed_over (to the owner at move-in, for good)"})
    loan_id = fields.String(allow_none=True)
    holder = fields.Nested(PersonOut, allow_none=True)
    holder_staff_id = fields.String(allow_none=True)
    signed_out_at = fields.DateTime(allow_none=True)
    expected_return_at = fields.DateTime(allow_none=True)
    overdue = fields.Boolean(metadata={"description": "out past its expected return"})
    overdue_flagged_at = fields.DateTime(allow_none=True, metadata={"description": "when desk.key.overdue went out"})
    authorisation = fields.Nested(AuthorisationOut, allow_none=True)
    created_at = fields.DateTime()


class KeyQuery(PageQuery):
    kind = fields.String(validate=validate.OneOf(KINDS))
    unit_id = fields.String(validate=UNIT)
    status = fields.String(validate=validate.OneOf(["in", "out", "handed_over"]))
    overdue = fields.Boolean()


class SignOutIn(Schema):
    holder = fields.Nested(PersonIn, required=True, metadata={"description": "who takes the key"})
    staff_id = fields.String(validate=STAFF, metadata={"description": "required for the project's own keys"})
    expected_return_at = aware_time(required=True)
    purpose = fields.String(validate=TEXT)


class ReturnIn(Schema):
    note = fields.String(validate=TEXT)


class LoanOut(Schema):
    id = fields.String(attribute="_id")
    key_id = fields.String()
    holder = fields.Nested(PersonOut)
    holder_staff_id = fields.String(allow_none=True)
    purpose = fields.String()
    signed_out_at = fields.DateTime()
    signed_out_by = fields.String()
    expected_return_at = fields.DateTime()
    returned_at = fields.DateTime(allow_none=True)
    returned_by = fields.String(allow_none=True)
    overdue_flagged_at = fields.DateTime(allow_none=True)


class CountIn(Schema):
    present_key_ids = fields.List(fields.String(validate=validate.Length(min=1, max=128)), required=True,
                                  validate=validate.Length(max=5000),
                                  metadata={"description": "the keys counted on their hooks"})
    handover_ref = fields.String(validate=validate.Length(min=1, max=128), metadata={
        "description": "the duty log's hand-over this count belongs to (ticketing's 交接班记录)"})
    note = fields.String(validate=TEXT)


class CountedKey(Schema):
    key_id = fields.String()
    label = fields.String(allow_none=True)
    kind = fields.String(allow_none=True)
    hook = fields.String(allow_none=True)
    unit_id = fields.String(allow_none=True)


class CountOut(Schema):
    id = fields.String(attribute="_id")
    counted_at = fields.DateTime()
    counted_by = fields.String()
    handover_ref = fields.String(allow_none=True)
    note = fields.String()
    register_size = fields.Integer()
    present = fields.List(fields.Nested(CountedKey))
    out = fields.List(fields.Nested(CountedKey), metadata={"description": "signed out (not expected on a hook)"})
    overdue = fields.List(fields.Nested(CountedKey))
    missing = fields.List(fields.Nested(CountedKey), metadata={"description": "neither on its hook nor signed out"})
    present_while_out = fields.List(fields.Nested(CountedKey), metadata={
        "description": "on its hook although the register has it out (a return not recorded)"})


KeyPage = page_schema(KeyOut, "KeyPage")
LoanPage = page_schema(LoanOut, "LoanPage")
CountPage = page_schema(CountOut, "CountPage")
