// The archives' rules on the page 业户档案, kept out of the views so they can be unit tested: who may use which part
// (identity's role-to-scope table and access policy; identity refuses anyway), the fields a request may name, an
// approval in force, what an approval lets its holder read or reproduce, the request's body, a record's fields as
// rows and as CSV, and the chain check's answer in words.

import { HQ_ROLES } from './roles.js'

// identity.domain.policy: KEEPERS read every archive directly for customer service, repair dispatch, quality checks.
export const KEEPER_ROLES = ['cs_assistant', 'cs_administrator', 'cs_supervisor', 'project_manager']
// ACCESS_LOG_READERS: the manager and HQ read the log and verify its chain (the auditor too: a read).
export const LOG_ROLES = ['project_manager', ...HQ_ROLES]
// Only the project manager signs a borrowing request (identity.domain.approvals.APPROVER_ROLES).
export const APPROVER_ROLES = ['project_manager']
// Every staff role holds identity:archives and may ask to borrow; the auditor only looks (read-only everywhere).
export const BORROWER_ROLES = [...KEEPER_ROLES, 'security', 'security_supervisor', 'duty_officer', 'engineering_supervisor',
  'technician', 'finance_clerk', 'zone_steward', 'hq_general_manager', 'hq_management_representative']
// Who sees 业户档案 in the nav: the technician borrows from the phone's job screen's context, not from here.
export const ARCHIVE_ROLES = [...KEEPER_ROLES, 'security', 'security_supervisor', 'duty_officer', 'engineering_supervisor',
  'finance_clerk', 'zone_steward', ...HQ_ROLES]
export const KEEPER_PURPOSES = ['customer_service', 'repair_dispatch', 'quality_check']
export const BORROW_PURPOSES = ['customer_service', 'repair_dispatch', 'quality_check', 'billing', 'audit', 'legal_request']
export const EXPORT_PURPOSES = ['print', 'export', 'copy']

// identity.domain.records.RECORD_FIELDS, for the kinds a unit has: what a request may name.
export const RECORD_FIELDS = {
  owner_archive: ['unit', 'name', 'gender', 'id_number', 'native_place', 'household_registration', 'phone', 'address',
    'floor_area', 'agent_name', 'agent_signature_specimen', 'photo'],
  resident_archive: ['unit', 'members.name', 'members.id_number', 'members.phone', 'emergency_contact.name',
    'emergency_contact.phone', 'emergency_contact.address'],
}
// Rule 6: security never receives a phone or an address, whatever an approval says (identity refuses such a request).
const NEVER_FOR_SECURITY = new Set(['phone', 'address', 'members.phone', 'emergency_contact.phone', 'emergency_contact.address'])

const has = (roles, wanted) => roles.some((role) => wanted.includes(role))
export const isKeeper = (roles) => has(roles, KEEPER_ROLES)
export const readsLog = (roles) => has(roles, LOG_ROLES)
export const approves = (roles) => has(roles, APPROVER_ROLES)
export const borrows = (roles) => has(roles, BORROWER_ROLES)

/** The fields a person holding `roles` may put on a request of `kind`: a field no approval could open is not offered. */
export function requestableFields(kind, roles) {
  const all = RECORD_FIELDS[kind] || []
  // A read uses the caller's most disclosing role: only when every role is security's are the fields out of reach.
  const onlySecurity = roles.length > 0 && roles.every((role) => role === 'security')
  return onlySecurity ? all.filter((field) => !NEVER_FOR_SECURITY.has(field)) : all
}

/** A legal request (police, court, lawyer) needs proof of authority attached (identity.domain.policy rule 5). */
export const needsProof = (purpose) => purpose === 'legal_request'

/** The POST /borrowing-requests body from the form; the period ends `days` after `now`. */
export function requestBody(form, now = new Date()) {
  const reproduce = EXPORT_PURPOSES.includes(form.purpose)
  const until = new Date(now.getTime() + Number(form.days || 0) * 24 * 3600 * 1000)
  const proof = String(form.proof_of_authority || '').trim()
  const records = String(form.record_ids || '').split(/[\s,，、]+/).map((id) => id.trim()).filter(Boolean)
  return {
    type: reproduce ? 'export' : 'borrowing', record_kind: form.record_kind, purpose: form.purpose,
    fields: [...form.fields], valid_until: until.toISOString(), proof_of_authority: proof || null,
    record_ids: records, reason: String(form.reason || '').trim(),
  }
}

/** The form's own checks, {field: i18n key}; identity checks again and names its own fields. */
export function checkRequest(form) {
  const errors = {}
  if (!form.fields?.length) errors.fields = 'archives.errors.fields'
  if (!(Number(form.days) > 0)) errors.valid_until = 'archives.errors.days'
  if (needsProof(form.purpose) && !String(form.proof_of_authority || '').trim()) errors.proof_of_authority = 'archives.errors.proof'
  if (!String(form.reason || '').trim()) errors.reason = 'archives.errors.reason'
  return errors
}

/** True while an approved request may be used: approved, from valid_from up to (not including) valid_until. */
export function inForce(request, now = new Date()) {
  if (request?.status !== 'approved') return false
  const from = new Date(request.valid_from).getTime()
  const until = new Date(request.valid_until).getTime()
  const revoked = request.revoked_at && new Date(request.revoked_at).getTime() <= now.getTime()
  return from <= now.getTime() && now.getTime() < until && !revoked
}

/** What an approval in force lets its holder do with a record: 'read' (借阅), 'print' or 'export'; null otherwise. */
export function allowedUse(request, now = new Date()) {
  if (!inForce(request, now)) return null
  if (request.type !== 'export') return 'read'
  return request.purpose === 'export' ? 'export' : 'print' // 复印 (copy) is a printed copy too
}

/** The BFF path of a unit's current record of `kind`. */
export function readPath(kind, unitId) {
  const unit = encodeURIComponent(unitId)
  return kind === 'resident_archive' ? `/api/identity/units/${unit}/residents` : `/api/identity/units/${unit}/owner`
}

/** The read's query for what an approval covers: its purpose and exactly its fields, nothing more. */
export const readQuery = (request) => ({ purpose: request.purpose, fields: [...request.fields] })

/** A record as it came from identity (dotted fields, members a list) as rows [field, value] in the kind's order. */
export function recordRows(kind, record) {
  const rows = []
  for (const field of RECORD_FIELDS[kind] || []) {
    const [head, tail] = field.split('.')
    const value = record?.[head]
    if (value === undefined) continue
    if (!tail) rows.push([field, value])
    else if (Array.isArray(value)) value.forEach((item, i) => { if (item && tail in item) rows.push([field, item[tail], i]) })
    else if (value && tail in value) rows.push([field, value[tail]])
  }
  return rows
}

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The record as CSV (a BOM first so Excel reads the Chinese), one row per field, labels from `label(field)`. */
export function recordCsv(kind, record, label = (field) => field) {
  const lines = [['字段', '内容'], ...recordRows(kind, record).map(([field, value, i]) => [
    i === undefined ? label(field) : `${label(field)} ${i + 1}`, value])]
  return '\ufeff' + lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** The chain check's answer as {ok, seq, problem, checked}: the first bad entry named when there is one. */
export function chainVerdict(result) {
  if (!result) return null
  return { ok: Boolean(result.ok), seq: result.first_bad_seq ?? null, problem: result.problem || null,
           checked: result.entries_checked ?? 0, entry: result.first_bad_entry || null }
}

/** The unit's checklists with what is missing, the complete ones last. */
export function checklistSummary(checklists) {
  return [...(checklists || [])].map((list) => ({ ...list, complete: !(list.missing || []).length }))
    .sort((a, b) => Number(a.complete) - Number(b.complete))
}

/** A person id as a name when the page knows it (the manager lists the project's staff), else the id itself. */
export function nameOf(names, personId, me) {
  if (me && personId === me.person_id) return me.name
  return names?.[personId] || personId
}
