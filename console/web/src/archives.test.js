import { describe, expect, it } from 'vitest'
import {
  allowedUse, approves, chainVerdict, checklistSummary, checkRequest, inForce, isKeeper, nameOf, readPath, readQuery,
  readsLog, recordCsv, recordRows, requestBody, requestableFields,
} from './archives.js'

const NOW = new Date('2026-05-01T08:00:00Z')
const approved = (change = {}) => ({
  status: 'approved', type: 'borrowing', purpose: 'customer_service', fields: ['name', 'id_number'],
  valid_from: '2026-05-01T07:00:00Z', valid_until: '2026-05-02T07:00:00Z', revoked_at: null, ...change,
})

describe('who may do what', () => {
  it('follows identity: keepers read, the manager approves, the manager and HQ read the log', () => {
    expect(isKeeper(['cs_assistant'])).toBe(true)
    expect(isKeeper(['security'])).toBe(false)
    expect(approves(['project_manager'])).toBe(true)
    expect(approves(['cs_supervisor', 'hq_management_representative'])).toBe(false)
    expect(readsLog(['hq_auditor'])).toBe(true)
    expect(readsLog(['cs_supervisor'])).toBe(false)
  })
  it('never offers security a phone or an address, but does when another role opens it', () => {
    const guard = requestableFields('resident_archive', ['security'])
    expect(guard).toEqual(['unit', 'members.name', 'members.id_number', 'emergency_contact.name'])
    expect(requestableFields('owner_archive', ['security', 'duty_officer'])).toContain('phone')
  })
})

describe('requestBody and checkRequest', () => {
  it('makes a borrowing request for a read and an export request for print, with the period from now', () => {
    const form = { record_kind: 'owner_archive', purpose: 'customer_service', fields: ['name'], days: 2,
                   proof_of_authority: '  ', record_ids: 'own_1, own_2', reason: ' 核对访客 ' }
    const body = requestBody(form, NOW)
    expect(body).toEqual({ type: 'borrowing', record_kind: 'owner_archive', purpose: 'customer_service', fields: ['name'],
                           valid_until: '2026-05-03T08:00:00.000Z', proof_of_authority: null,
                           record_ids: ['own_1', 'own_2'], reason: '核对访客' })
    expect(requestBody({ ...form, purpose: 'print' }, NOW).type).toBe('export')
  })
  it('names what is missing before anything is sent, proof of authority for a legal request', () => {
    expect(checkRequest({ fields: [], days: 0, purpose: 'legal_request', reason: '' })).toEqual({
      fields: 'archives.errors.fields', valid_until: 'archives.errors.days',
      proof_of_authority: 'archives.errors.proof', reason: 'archives.errors.reason' })
    expect(checkRequest({ fields: ['name'], days: 1, purpose: 'customer_service', reason: 'x' })).toEqual({})
  })
})

describe('inForce and allowedUse', () => {
  it('opens a read only between valid_from and valid_until, and never after a revocation', () => {
    expect(inForce(approved(), NOW)).toBe(true)
    expect(inForce(approved({ status: 'pending' }), NOW)).toBe(false)
    expect(inForce(approved({ valid_until: '2026-05-01T08:00:00Z' }), NOW)).toBe(false) // its end is not included
    expect(inForce(approved({ valid_from: '2026-05-01T09:00:00Z' }), NOW)).toBe(false)
    expect(inForce(approved({ revoked_at: '2026-05-01T07:30:00Z' }), NOW)).toBe(false)
  })
  it('lets an export approval print or export, and a borrowing approval only read', () => {
    expect(allowedUse(approved(), NOW)).toBe('read')
    expect(allowedUse(approved({ type: 'export', purpose: 'print' }), NOW)).toBe('print')
    expect(allowedUse(approved({ type: 'export', purpose: 'copy' }), NOW)).toBe('print')
    expect(allowedUse(approved({ type: 'export', purpose: 'export' }), NOW)).toBe('export')
    expect(allowedUse(approved({ status: 'rejected', type: 'export', purpose: 'print' }), NOW)).toBeNull()
  })
  it('reads exactly what the approval names', () => {
    expect(readPath('owner_archive', '1-2-201')).toBe('/api/identity/units/1-2-201/owner')
    expect(readPath('resident_archive', '1-2-201')).toBe('/api/identity/units/1-2-201/residents')
    expect(readQuery(approved())).toEqual({ purpose: 'customer_service', fields: ['name', 'id_number'] })
  })
})

describe('records as rows and CSV', () => {
  const residents = { unit: '1-2-201', members: [{ name: '王小明', id_number: '110***********1234' }, { name: '李娟' }],
                      emergency_contact: { name: '王大明' } }
  it('lists the fields in the kind order, each member on its own row', () => {
    expect(recordRows('resident_archive', residents)).toEqual([
      ['unit', '1-2-201'], ['members.name', '王小明', 0], ['members.name', '李娟', 1],
      ['members.id_number', '110***********1234', 0], ['emergency_contact.name', '王大明']])
  })
  it('quotes what needs quoting and starts with a BOM', () => {
    const csv = recordCsv('owner_archive', { name: '王, "小明"', unit: '1-2-201' }, (f) => ({ name: '姓名', unit: '房号' })[f])
    expect(csv).toBe('\ufeff字段,内容\r\n房号,1-2-201\r\n姓名,"王, ""小明"""\r\n')
  })
})

describe('chainVerdict, checklistSummary, nameOf', () => {
  it('names the first bad entry', () => {
    expect(chainVerdict({ ok: false, first_bad_seq: 3, problem: 'hash_mismatch', entries_checked: 5,
                          first_bad_entry: { seq: 3 } })).toEqual({ ok: false, seq: 3, problem: 'hash_mismatch',
                                                                    checked: 5, entry: { seq: 3 } })
    expect(chainVerdict({ ok: true, entries_checked: 4 })).toMatchObject({ ok: true, seq: null, checked: 4 })
  })
  it('puts the checklists with something missing first', () => {
    const lists = checklistSummary([{ kind: 'transfer', missing: [] }, { kind: 'move_in', missing: [{ code: 'MI-01' }] }])
    expect(lists.map((l) => [l.kind, l.complete])).toEqual([['move_in', false], ['transfer', true]])
  })
  it('shows a known person by name and anyone else by id', () => {
    const me = { person_id: 'p1', name: '我' }
    expect(nameOf({ p2: '吴保安' }, 'p2', me)).toBe('吴保安')
    expect(nameOf({}, 'p1', me)).toBe('我')
    expect(nameOf({}, 'p3', me)).toBe('p3')
  })
})
