"""Request and response shapes of identity's REST API."""
from kefulib.web import PageQuery, page_schema
from marshmallow import INCLUDE, Schema, ValidationError, fields, validate, validates_schema

from .domain import RECORD_FIELDS, HouseholdPurpose, Purpose, RecordKind, Role
from .domain.checklists import CONDITIONS, ChecklistKind
from .domain.customers import KeyCustomerClass
from .domain.important_events import EventKind, EventStatus
from .domain.roles import STAFF_ROLES as _STAFF_ROLES

SCOPES = ["identity:admin", "identity:read", "identity:write", "identity:archives", "ticketing:read",
          "ticketing:write", "visits:read", "visits:write", "billing:read", "billing:write", "billing:quote", "webhooks:manage",
          "notifications:read", "notifications:write", "desk:read", "desk:write", "desk:answers", "renovation:read",
          "renovation:write", "ticketing:contact",
          "identity:households"]
GRANT_TYPES = ["client_credentials", "password", "refresh_token"]
ALL_ARCHIVE_FIELDS = sorted({f for fs in RECORD_FIELDS.values() for f in fs})
CODE = validate.Regexp(r"^[0-9A-Za-z]{1,10}$", error="letters and digits only, at most 10")


class TenantIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "Property project name (项目 / 管理处)"})
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,39}$"),
                         metadata={"description": "Short unique code, lower-case letters, digits and dashes"})


class TenantOut(Schema):
    id = fields.String(attribute="_id")
    name = fields.String()
    code = fields.String()
    created_at = fields.DateTime()


class ClientIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    scopes = fields.List(fields.String(validate=validate.OneOf(SCOPES)), required=True,
                         validate=validate.Length(min=1))
    grant_types = fields.List(fields.String(validate=validate.OneOf(GRANT_TYPES)), load_default=["client_credentials"],
                              validate=validate.Length(min=1),
                              metadata={"description": "password/refresh_token: a staff sign-in app (HQ only)"})


class ClientOut(Schema):
    client_id = fields.String(attribute="_id")
    tenant_id = fields.String()
    name = fields.String()
    scopes = fields.List(fields.String())
    grant_types = fields.List(fields.String())
    created_at = fields.DateTime()


class ClientCreatedOut(ClientOut):
    client_secret = fields.String(allow_none=True, metadata={
        "description": "Shown once; only its hash is stored (null when an Idempotency-Key retry replays the answer)."})


class KeyRotatedOut(Schema):
    kid = fields.String(metadata={"description": "Key id of the new signing key"})


# ---------------------------------------------------------------- buildings, units, settings

class BuildingIn(Schema):
    code = fields.String(required=True, validate=CODE, metadata={"description": "楼: building number, e.g. 3 or A"})
    name = fields.String(load_default="", validate=validate.Length(max=200))
    floors = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=300))


class BuildingOut(Schema):
    id = fields.String(attribute="_id")
    code = fields.String()
    name = fields.String()
    floors = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


FLOOR = validate.Range(min=-10, max=300)


class UnitIn(Schema):
    building = fields.String(required=True, validate=CODE)
    floor = fields.Integer(required=True, validate=FLOOR, metadata={"description": "层"})
    room = fields.String(required=True, validate=CODE, metadata={"description": "房号, e.g. 1203"})
    floor_area = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=0, max=100000),
                              metadata={"description": "m²"})


class UnitOut(Schema):
    unit_id = fields.String(metadata={"description": "楼-层-房号, e.g. 3-12-1203"})
    building = fields.String()
    floor = fields.Integer()
    room = fields.String()
    floor_area = fields.Float(allow_none=True)
    created_at = fields.DateTime()


class UnitListQuery(PageQuery):
    building = fields.String(validate=CODE)
    floor = fields.Integer(validate=FLOOR)  # unbounded, a huge floor overflowed MongoDB's 64-bit integers (500)


class BuildingListQuery(PageQuery):
    pass


class SettingsIn(Schema):
    move_in_date = fields.Date(allow_none=True, metadata={"description": "The project's move-in (入伙) date"})
    full_check_after_months = fields.Integer(validate=validate.Range(min=1, max=120))
    full_check_occupancy = fields.String(validate=validate.Regexp(r"^(0?\.[0-9]+|1|[0-9]+/[0-9]+)$"),
                                         metadata={"description": "e.g. 0.8 or 4/5"})
    sample_ratio = fields.String(validate=validate.Regexp(r"^(0?\.[0-9]+|1|[0-9]+/[0-9]+)$"))
    sample_every_months = fields.Integer(validate=validate.Range(min=1, max=60))


class SettingsOut(SettingsIn):
    pass


# ---------------------------------------------------------------- staff

# In the order of Role, so the document's enum reads the same every time.
STAFF_ROLES = [role for role in Role if role in _STAFF_ROLES]


class RoleIn(Schema):
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in STAFF_ROLES]))
    project_id = fields.String(load_default=None, allow_none=True,
                               metadata={"description": "HQ only; others add roles in their own project"})


class StaffIn(Schema):
    username = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9._-]{3,64}$"))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=128))
    roles = fields.List(fields.Nested(RoleIn), required=True, validate=validate.Length(min=1))


class StaffRoleOut(Schema):
    project_id = fields.String()
    role = fields.String()


class StaffOut(Schema):
    id = fields.String()
    username = fields.String()
    name = fields.String()
    disabled = fields.Boolean()
    roles = fields.List(fields.Nested(StaffRoleOut))
    created_at = fields.DateTime()


class StaffListQuery(PageQuery):
    role = fields.String(validate=validate.OneOf([r.value for r in STAFF_ROLES]))
    project_id = fields.String(metadata={"description": "HQ only"})


class RoleRemoveQuery(Schema):
    project_id = fields.String(load_default=None)


class PasswordChangeIn(Schema):
    current_password = fields.String(required=True, load_only=True)
    new_password = fields.String(required=True, load_only=True, validate=validate.Length(max=128))


# ---------------------------------------------------------------- archives

class ArchiveReadQuery(Schema):
    purpose = fields.String(required=True, validate=validate.OneOf([p.value for p in Purpose]),
                            metadata={"description": "Why you read; it goes into the access log"})
    requested_fields = fields.List(fields.String(validate=validate.OneOf(ALL_ARCHIVE_FIELDS)), data_key="fields",
                                   metadata={"description": "Fields wanted (repeat the parameter); default: all"})


class ArchiveView(Schema):
    record_id = fields.String()
    record_kind = fields.String()
    purpose = fields.String()
    role = fields.String(metadata={"description": "The caller's role the decision was made under"})
    record = fields.Dict(metadata={"description": "Only the disclosed fields, masked where the policy says"})
    visible_fields = fields.List(fields.String())
    masked_fields = fields.List(fields.String())
    hidden_fields = fields.List(fields.String())
    approval_id = fields.String(allow_none=True)
    reason = fields.String()
    access_log_seq = fields.Integer()


class OwnerIn(Schema):
    since = fields.Date(required=True, metadata={"description": "Day the ownership starts (过户 date)"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    gender = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["female", "male", "other"]))
    id_number = fields.String(load_default=None, allow_none=True,
                              validate=validate.Regexp(r"^[0-9A-Za-z]{6,30}$", error="6-30 letters or digits"))
    native_place = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    household_registration = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^\+?[0-9 -]{5,20}$"))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    floor_area = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=0, max=100000))
    agent_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    agent_signature_specimen = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                                             metadata={"description": "Reference to the stored specimen scan"})
    photo = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                          metadata={"description": "Reference to the stored photo"})


class OwnerRecordedOut(Schema):
    owner_id = fields.String()
    unit_id = fields.String()
    since = fields.Date()
    ownership_record_id = fields.String()
    previous_owner_id = fields.String(allow_none=True)


class OwnershipOut(Schema):
    record_id = fields.String()
    owner_id = fields.String()
    valid_from = fields.Date()
    valid_until = fields.Date(allow_none=True)


class OwnershipHistoryOut(Schema):
    unit_id = fields.String()
    items = fields.List(fields.Nested(OwnershipOut))


class MemberIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    id_number = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^[0-9A-Za-z]{6,30}$"))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^\+?[0-9 -]{5,20}$"))


class EmergencyContactIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^\+?[0-9 -]{5,20}$"))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class ResidentsIn(Schema):
    members = fields.List(fields.Nested(MemberIn), required=True, validate=validate.Length(max=50))
    emergency_contact = fields.Nested(EmergencyContactIn, load_default=None, allow_none=True)


class ResidentsRecordedOut(Schema):
    resident_archive_id = fields.String()
    unit_id = fields.String()
    members = fields.Integer()


class ContactListQuery(PageQuery):
    building = fields.String(validate=CODE)
    purpose = fields.String(load_default=Purpose.SECURITY_CONTACT_LIST.value,
                            validate=validate.OneOf([p.value for p in Purpose]))


class ContactOut(Schema):
    unit = fields.String()
    name = fields.String(allow_none=True)
    id_number = fields.String(allow_none=True, metadata={"description": "Always masked"})
    emergency_contact = fields.Dict()


ContactPage = page_schema(ContactOut, "ContactPage")


HOUSEHOLD_PAGE_MAX = 1000


class HouseholdsQuery(PageQuery):
    # Larger pages than a person's list: a notice to 5,000 households is 5 reads and 5 access-log entries, not 25.
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=HOUSEHOLD_PAGE_MAX))
    project = fields.String(required=True, validate=CODE, metadata={"description": "The project whose households"})
    building = fields.String(validate=CODE)
    unit_id = fields.String(validate=validate.Length(min=1, max=40))
    purpose = fields.String(required=True, validate=validate.OneOf([p.value for p in HouseholdPurpose]))


class HouseholdContactOut(Schema):
    role = fields.String(metadata={"description": "owner or resident"})
    name = fields.String(allow_none=True)
    phone = fields.String(metadata={"description": "In full: only a platform service reads this"})


class HouseholdOut(Schema):
    unit_id = fields.String()
    building = fields.String(allow_none=True)
    contacts = fields.List(fields.Nested(HouseholdContactOut))


HouseholdPage = page_schema(HouseholdOut, "HouseholdPage")


class ApprovalRequestIn(Schema):
    type = fields.String(load_default="borrowing", validate=validate.OneOf(["borrowing", "export"]),
                         metadata={"description": "borrowing (借阅) or export/print/copy"})
    record_kind = fields.String(required=True, validate=validate.OneOf([k.value for k in RecordKind]))
    purpose = fields.String(required=True, validate=validate.OneOf([p.value for p in Purpose]))
    requested_fields = fields.List(fields.String(validate=validate.OneOf(ALL_ARCHIVE_FIELDS)), required=True,
                                   validate=validate.Length(min=1), data_key="fields")
    record_ids = fields.List(fields.String(validate=validate.Length(min=1, max=100)), load_default=list,
                             metadata={"description": "Empty: every record of the kind in the project"})
    valid_from = fields.AwareDateTime(load_default=None, allow_none=True)
    valid_until = fields.AwareDateTime(required=True)
    proof_of_authority = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                                       metadata={"description": "Reference to the attached proof (有效证明); "
                                                                "required for outside parties and legal requests"})
    reason = fields.String(load_default="", validate=validate.Length(max=1000))


class ApprovalDecisionIn(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class ApprovalRequestOut(Schema):
    id = fields.String(attribute="_id")
    type = fields.String()
    requester = fields.String()
    requester_role = fields.String()
    record_kind = fields.String()
    purpose = fields.String()
    field_names = fields.List(fields.String(), attribute="fields", data_key="fields")
    record_ids = fields.List(fields.String())
    valid_from = fields.DateTime()
    valid_until = fields.DateTime()
    proof_of_authority = fields.String(allow_none=True)
    reason = fields.String()
    status = fields.String()
    approved_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    decision_note = fields.String(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


ApprovalRequestPage = page_schema(ApprovalRequestOut, "ApprovalRequestPage")


class ApprovalListQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(["pending", "approved", "rejected", "revoked"]))
    type = fields.String(validate=validate.OneOf(["borrowing", "export"]))
    record_kind = fields.String(validate=validate.OneOf([k.value for k in RecordKind]))
    requester = fields.String()


class AccessLogEntryOut(Schema):
    seq = fields.Integer()
    tenant_id = fields.String()
    at = fields.DateTime()
    actor = fields.String()
    role = fields.String()
    record_kind = fields.String()
    record_id = fields.String()
    field_names = fields.List(fields.String(), attribute="fields", data_key="fields")
    purpose = fields.String()
    approval_id = fields.String(allow_none=True)
    allowed = fields.Boolean()
    prev_hash = fields.String()
    hash = fields.String()


AccessLogPage = page_schema(AccessLogEntryOut, "AccessLogPage")


class AccessLogQuery(PageQuery):
    project = fields.String(metadata={"description": "HQ only: which project's log"})
    actor = fields.String()
    record_id = fields.String()
    record_kind = fields.String(validate=validate.OneOf([k.value for k in RecordKind]))
    purpose = fields.String(validate=validate.OneOf([p.value for p in Purpose]))
    allowed = fields.Boolean()


class HeadIn(Schema):
    seq = fields.Integer(required=True, validate=validate.Range(min=0))
    hash = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))


class VerifyIn(Schema):
    project = fields.String(load_default=None, metadata={"description": "HQ only"})
    expected_head = fields.Nested(HeadIn, load_default=None, allow_none=True,
                                  metadata={"description": "Head recorded elsewhere (e.g. by HQ) to catch a cut tail"})


class VerifyOut(Schema):
    tenant_id = fields.String()
    ok = fields.Boolean()
    entries_checked = fields.Integer()
    first_bad_seq = fields.Integer(allow_none=True)
    problem = fields.String(allow_none=True)
    first_bad_entry = fields.Nested(AccessLogEntryOut, allow_none=True)
    head = fields.Dict(allow_none=True)
    stored_head = fields.Dict(allow_none=True, metadata={
        "description": "the signed head identity keeps outside the project's reach: seq, hash, at, keyed_from"})


# ---------------------------------------------------------------- checklists (ID-4)

class ChecklistItemOut(Schema):
    code = fields.String()
    title_zh = fields.String()
    required_when = fields.String(allow_none=True)


class ChecklistOut(Schema):
    kind = fields.String()
    items = fields.List(fields.Nested(ChecklistItemOut))


class ChecklistCatalogueOut(Schema):
    checklists = fields.List(fields.Nested(ChecklistOut))


class DocumentsIn(Schema):
    received = fields.List(fields.String(validate=validate.Regexp(r"^[A-Z]{2}-[0-9]{2}$")), load_default=list,
                           metadata={"description": "Codes of documents handed in now"})
    conditions = fields.List(fields.String(validate=validate.OneOf(sorted(CONDITIONS))), load_default=None,
                             metadata={"description": "What happened (hot work, extension...): replaces the list"})


class UnitChecklistOut(Schema):
    kind = fields.String()
    received = fields.List(fields.String())
    conditions = fields.List(fields.String())
    missing = fields.List(fields.Nested(ChecklistItemOut))


class UnitChecklistsOut(Schema):
    unit_id = fields.String()
    checklists = fields.List(fields.Nested(UnitChecklistOut))


class MissingQuery(Schema):
    kind = fields.String(validate=validate.OneOf([k.value for k in ChecklistKind]))


class ProjectMissingOut(Schema):
    units_checked = fields.Integer()
    units_complete = fields.Integer()
    missing_by_unit = fields.Dict(keys=fields.String(), values=fields.Dict())
    missing_count_by_code = fields.Dict(keys=fields.String(), values=fields.Integer())


# ---------------------------------------------------------------- customers (ID-5)

class CustomerIn(Schema):
    unit_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    move_in_date = fields.Date(load_default=None, allow_none=True)
    classes = fields.List(fields.String(validate=validate.OneOf([c.value for c in KeyCustomerClass])),
                          load_default=list)
    birthday = fields.Date(load_default=None, allow_none=True)
    character = fields.String(load_default="", validate=validate.Length(max=1000))
    preferences = fields.String(load_default="", validate=validate.Length(max=1000))
    special_needs = fields.String(load_default="", validate=validate.Length(max=1000))
    opinions = fields.List(fields.String(validate=validate.Length(max=1000)), load_default=list)
    complaint_history = fields.List(fields.String(validate=validate.Length(max=1000)), load_default=list)


class CustomerPatch(Schema):
    move_in_date = fields.Date(allow_none=True)
    classes = fields.List(fields.String(validate=validate.OneOf([c.value for c in KeyCustomerClass])))
    birthday = fields.Date(allow_none=True)
    character = fields.String(validate=validate.Length(max=1000))
    preferences = fields.String(validate=validate.Length(max=1000))
    special_needs = fields.String(validate=validate.Length(max=1000))
    add_opinion = fields.String(validate=validate.Length(min=1, max=1000))
    add_complaint = fields.String(validate=validate.Length(min=1, max=1000))

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("name at least one field to change", field_name="_body")


class CustomerSummaryOut(Schema):
    customer_id = fields.String(attribute="_id")
    unit_id = fields.String()
    classes = fields.List(fields.String())
    tenure_band = fields.String(allow_none=True)
    key_customer = fields.Boolean()


CustomerPage = page_schema(CustomerSummaryOut, "CustomerPage")


class CustomerListQuery(PageQuery):
    customer_class = fields.String(data_key="class", validate=validate.OneOf([c.value for c in KeyCustomerClass]))
    unit_id = fields.String()
    key_customer = fields.Boolean()


# ---------------------------------------------------------------- important events (ID-6)

class ImportantEventIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in EventKind]))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    unit_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    summary = fields.String(load_default="", validate=validate.Length(max=5000))
    parties = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list)
    evidence = fields.List(fields.String(validate=validate.Length(max=500)), load_default=list)
    handling_record = fields.String(load_default="", validate=validate.Length(max=10000))


class ReviewNoteIn(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class ReviewStepOut(Schema):
    action = fields.String()
    actor = fields.String()
    role = fields.String()
    at = fields.DateTime()
    note = fields.String()


class ImportantEventSummaryOut(Schema):
    id = fields.String(attribute="_id")
    kind = fields.String()
    unit_id = fields.String(allow_none=True)
    status = fields.String()
    recorded_by = fields.String()
    created_at = fields.DateTime()
    steps = fields.List(fields.Nested(ReviewStepOut))


ImportantEventPage = page_schema(ImportantEventSummaryOut, "ImportantEventPage")


class ImportantEventListQuery(PageQuery):
    status = fields.String(validate=validate.OneOf([s.value for s in EventStatus]))
    kind = fields.String(validate=validate.OneOf([k.value for k in EventKind]))
    unit_id = fields.String()


# ---------------------------------------------------------------- quality checks (ID-10)

class CheckDueOut(Schema):
    kind = fields.String()
    due_on = fields.Date(allow_none=True)
    is_due = fields.Boolean()
    is_overdue = fields.Boolean()
    total_units = fields.Integer()
    occupied_units = fields.Integer()


class FindingIn(Schema):
    unit_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    complete = fields.Boolean(required=True, metadata={"description": "The unit's archive is complete and correct"})
    notes = fields.String(load_default="", validate=validate.Length(max=2000))


class FindingOut(Schema):
    unit_id = fields.String()
    complete = fields.Boolean()
    notes = fields.String()
    missing = fields.Dict(metadata={"description": "Checklist kind -> missing codes at the time of the check"})
    checked_by = fields.String()
    checked_at = fields.DateTime()


class QualityCheckOut(Schema):
    id = fields.String(attribute="_id")
    kind = fields.String()
    due_on = fields.Date(allow_none=True)
    seed = fields.String(allow_none=True, metadata={"description": "Reproduces the random sample"})
    unit_ids = fields.List(fields.String())
    findings = fields.List(fields.Nested(FindingOut))
    status = fields.String()
    created_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)


QualityCheckPage = page_schema(QualityCheckOut, "QualityCheckPage")


class QualityCheckListQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(["open", "completed"]))


class OverdueOut(Schema):
    project_id = fields.String()
    kind = fields.String()
    due_on = fields.Date(allow_none=True)
    open_check_id = fields.String(allow_none=True)


# ---- OAuth 2 and discovery: documentation only (authlib builds these bodies; their RFCs fix the shapes) ------------

class _Open(Schema):
    class Meta:
        unknown = INCLUDE  # the RFCs let a server add members


class TokenForm(_Open):
    grant_type = fields.String(required=True, validate=validate.OneOf(GRANT_TYPES))
    client_id = fields.String()
    client_secret = fields.String()
    scope = fields.String(metadata={"description": "Space-separated scopes"})
    username = fields.String()
    password = fields.String()
    tenant_id = fields.String(metadata={"description": "Password grant: the property project to act in"})
    refresh_token = fields.String()


class RevokeForm(_Open):
    token = fields.String(required=True)
    token_type_hint = fields.String(validate=validate.OneOf(["access_token", "refresh_token"]))
    client_id = fields.String()
    client_secret = fields.String()


class TokenOut(_Open):
    access_token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_in = fields.Integer()
    scope = fields.String()
    refresh_token = fields.String()


class OAuthErrorOut(_Open):
    error = fields.String(required=True, metadata={"description": "RFC 6749 section 5.2 error code"})
    error_description = fields.String()


class JwksOut(_Open):
    keys = fields.List(fields.Dict(), required=True)


class DiscoveryOut(_Open):
    issuer = fields.String(required=True)
    token_endpoint = fields.String(required=True)
    jwks_uri = fields.String(required=True)
    revocation_endpoint = fields.String()
    authorization_endpoint = fields.String()
    response_types_supported = fields.List(fields.String())
    code_challenge_methods_supported = fields.List(fields.String())
    grant_types_supported = fields.List(fields.String())
    revocation_endpoint_auth_methods_supported = fields.List(fields.String())
    scopes_supported = fields.List(fields.String())
    token_endpoint_auth_methods_supported = fields.List(fields.String())
    id_token_signing_alg_values_supported = fields.List(fields.String())


# ---------------------------------------------------------------- directory

class TechnicianOut(Schema):
    id = fields.String(attribute="_id")
    username = fields.String()
    name = fields.String()


class TechnicianList(Schema):
    items = fields.List(fields.Nested(TechnicianOut))
