import { describe, expect, it } from 'vitest'
import {
  applicationActions, applicationBody, applicationForm, checkApplication, depositFen, feeState, inspectionBody,
  passActions, patrolBody, permissions, refreshesRenovation, refundPreview, requestActions, reviewBody, stepOf,
  violationActions, yuanToFen,
} from './renovation.js'

const as = (...roles) => ({ roles })
const clerk = as('cs_assistant')
const engineer = as('engineering_supervisor')
const technician = as('technician')
const manager = as('project_manager')
const safety = as('security_supervisor')
const auditor = as('hq_auditor')

describe('who may do what', () => {
  it('mirrors the domain\'s roles and identity\'s write scope', () => {
    expect(permissions(clerk)).toMatchObject({ write: true, cs: true, engineering: false, patrol: false, inspect: false })
    expect(permissions(technician)).toMatchObject({ cs: false, engineering: true, patrol: true, inspect: true })
    expect(permissions(manager)).toMatchObject({ cs: true, manager: true, extension: true, inspect: true })
    // The security supervisor (安全员) patrols and signs off hot work; the review steps and passes are not theirs.
    expect(permissions(safety)).toMatchObject({ write: true, patrol: true, hotWork: true, cs: false, inspect: false })
    expect(Object.values(permissions(auditor)).some(Boolean)).toBe(false)
    expect(permissions(null).write).toBe(false)
  })
})

describe('an application\'s next step', () => {
  const app = (status, extra = {}) => ({ status, ...extra })
  it('offers each review step only to those who take it', () => {
    expect(stepOf(app('submitted'))).toBe('completeness')
    expect(applicationActions(app('submitted'), clerk)).toEqual(['review'])
    expect(applicationActions(app('submitted'), engineer)).toEqual([])
    expect(applicationActions(app('cs_checked'), engineer)).toEqual(['review'])
    expect(applicationActions(app('cs_checked'), clerk)).toEqual([])
    expect(applicationActions(app('drawings_checked'), manager)).toEqual(['review'])
    expect(applicationActions(app('drawings_checked'), engineer)).toEqual([])
    expect(applicationActions(app('approved'), manager)).toEqual([]) // the payment issues the permit, no person
  })
  it('lets CS resubmit a returned one', () => {
    expect(applicationActions(app('returned'), clerk)).toEqual(['resubmit'])
    expect(applicationActions(app('returned'), technician)).toEqual([])
  })
  it('offers the permit\'s work by role, the acceptance once completion is asked', () => {
    expect(applicationActions(app('permitted'), clerk)).toEqual(['passes', 'requests', 'completion'])
    expect(applicationActions(app('permitted'), technician)).toEqual(['requests', 'patrol', 'completion'])
    expect(applicationActions(app('permitted', { completion: { status: 'requested' } }), technician))
      .toEqual(['requests', 'patrol', 'inspect'])
    expect(applicationActions(app('permitted', { completion: { status: 'refused' } }), clerk)).toContain('completion')
    expect(applicationActions(app('permitted'), auditor)).toEqual([])
    expect(applicationActions(app('completed'), manager)).toEqual([])
  })
})

describe('passes, requests and violations', () => {
  it('returns or revokes an active pass at the CS centre', () => {
    expect(passActions({ status: 'active' }, clerk)).toEqual(['return', 'revoke'])
    expect(passActions({ status: 'returned' }, clerk)).toEqual([])
    expect(passActions({ status: 'active' }, technician)).toEqual([])
  })
  it('lets hot work be decided by engineering or the manager, an extension by the manager', () => {
    expect(requestActions({ status: 'requested' }, 'hot_work', technician)).toEqual(['pass', 'refuse'])
    expect(requestActions({ status: 'requested' }, 'extension', technician)).toEqual([])
    expect(requestActions({ status: 'requested' }, 'extension', manager)).toEqual(['pass', 'refuse'])
    expect(requestActions({ status: 'approved' }, 'extension', manager)).toEqual([])
    expect(requestActions({ status: 'requested' }, 'hot_work', clerk)).toEqual([])
  })
  it('follows up open violations by patrollers; an escalated one only by the manager', () => {
    expect(violationActions({ status: 'open' }, technician)).toEqual(['rectified', 'escalated'])
    expect(violationActions({ status: 'escalated' }, technician)).toEqual([])
    expect(violationActions({ status: 'escalated' }, manager)).toEqual(['rectified'])
    expect(violationActions({ status: 'rectified' }, manager)).toEqual([])
    expect(violationActions({ status: 'open' }, clerk)).toEqual([])
  })
})

describe('forms to bodies', () => {
  const filled = () => ({
    ...applicationForm(null, '2026-12-05'), unit_id: ' 1-2-201 ', applicant_name: '周建国', applicant_phone: '',
    company: '安居装饰', contractor_name: '李师傅', contractor_phone: '13700001111', scope_items: ['flooring'],
    planned_end: '2026-12-30', workers_planned: '3', papers: { drawings: 'scan-1', owner_id: ' ', agreement: 'a-1' },
  })
  it('builds the POST body the schema asks for, leaving blank optional fields out', () => {
    expect(applicationBody(filled())).toEqual({
      unit_id: '1-2-201', applicant: { kind: 'owner', name: '周建国' },
      contractor: { company: '安居装饰', name: '李师傅', phone: '13700001111' }, scope: { items: ['flooring'] },
      planned_start: '2026-12-05', planned_end: '2026-12-30', working_hours: { start: '08:00', end: '18:00' },
      workers_planned: 3, attachments: [{ kind: 'drawings', ref: 'scan-1' }, { kind: 'agreement', ref: 'a-1' }],
    })
  })
  it('sends the owner for an agent and no unit on a resubmission', () => {
    const body = applicationBody({ ...filled(), applicant_kind: 'agent', owner_name: '周父' }, { withUnit: false })
    expect(body.owner_name).toBe('周父')
    expect(body.unit_id).toBeUndefined()
  })
  it('refills the form from a returned application', () => {
    const form = applicationForm({ unit_id: '1-2-201', applicant: { kind: 'owner', name: '周建国' },
      contractor: { company: 'c', name: 'n', phone: 'p' }, scope: { items: ['walls'] }, planned_start: '2026-12-06',
      planned_end: '2026-12-09', working_hours: { start: '09:00', end: '17:00' }, workers_planned: 2,
      attachments: [{ kind: 'drawings', ref: 'd' }] })
    expect(form).toMatchObject({ hours_start: '09:00', workers_planned: 2, papers: { drawings: 'd' } })
  })
  it('names the missing fields before sending', () => {
    expect(checkApplication(applicationForm())).toMatchObject({ unit_id: 'renovation.errors.required',
      scope_items: 'renovation.errors.required', planned_end: 'renovation.errors.required' })
    expect(checkApplication({ ...filled(), applicant_kind: 'agent' })).toEqual({ owner_name: 'renovation.errors.required' })
    expect(checkApplication(filled())).toEqual({})
  })
  it('sends a refusal\'s reason and the drawings\' flags only where they belong', () => {
    expect(reviewBody('completeness', 'pass', { reason: 'x', flags: ['gas'] })).toEqual({ step: 'completeness', decision: 'pass' })
    expect(reviewBody('drawings', 'pass', { flags: ['gas'] })).toEqual({ step: 'drawings', decision: 'pass', flags: ['gas'] })
    expect(reviewBody('approval', 'refuse', { reason: ' 缺图纸 ' })).toEqual({ step: 'approval', decision: 'refuse', reason: '缺图纸' })
  })
  it('drops blank violation rows of a patrol', () => {
    expect(patrolBody({ findings: ' 楼道堆放 ', violations: [
      { kind: 'debris', description: '楼道堆放', deadline: '2026-12-10' }, { kind: 'other', description: ' ', deadline: '' }] }))
      .toEqual({ findings: '楼道堆放', violations: [{ kind: 'debris', description: '楼道堆放', deadline: '2026-12-10' }] })
  })
  it('turns the acceptance\'s yuan into fen and previews the refund', () => {
    expect(yuanToFen('500')).toBe(50000)
    expect(yuanToFen('12.5')).toBe(1250)
    expect(Number.isNaN(yuanToFen('1.234'))).toBe(true)
    const deductions = [{ violation_id: 'v1', amount: '500', reason: ' 外墙开孔 ' }, { violation_id: '', amount: '9', reason: '' }]
    expect(inspectionBody('pass', { deductions })).toEqual({ decision: 'pass',
      deductions: [{ violation_id: 'v1', amount_fen: 50000, reason: '外墙开孔' }] })
    expect(inspectionBody('refuse', { reason: '未清理' })).toEqual({ decision: 'refuse', reason: '未清理' })
    expect(refundPreview(200000, deductions.slice(0, 1))).toEqual({ deposit_fen: 200000, deducted_fen: 50000, refund_fen: 150000 })
  })
})

describe('fees and live updates', () => {
  const lines = [{ fee: 'deposit', quantity: 1, unit_price_fen: 200000 }, { fee: 'pass_fees', quantity: 3, unit_price_fen: 1000 }]
  it('reads the deposit and where the fees stand', () => {
    expect(depositFen({ fees: { lines } })).toBe(200000)
    expect(feeState({})).toBe('none')
    expect(feeState({ fees: { total_fen: 10, paid_fen: 0, charge_id: null } })).toBe('requested')
    expect(feeState({ fees: { total_fen: 10, paid_fen: 0, charge_id: 'c' } })).toBe('charged')
    expect(feeState({ fees: { total_fen: 10, paid_fen: 4, charge_id: 'c' } })).toBe('part_paid')
    expect(feeState({ fees: { total_fen: 10, paid_fen: 10, charge_id: 'c' } })).toBe('paid')
  })
  it('reads again on renovation\'s events and the console\'s pings only', () => {
    expect(refreshesRenovation({ type: 'renovation.permit.issued' })).toBe(true)
    expect(refreshesRenovation({ type: 'console.renovation.changed' })).toBe(true)
    expect(refreshesRenovation({ type: 'console.desk.changed' })).toBe(false)
    expect(refreshesRenovation(null)).toBe(false)
  })
})

describe('the screens\' words', () => {
  const keys = (messages, prefix = '') => Object.entries(messages).flatMap(([key, value]) => (
    typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`])).sort()
  it('has every Chinese text in English too, and a word for every status, paper, flag and violation', async () => {
    const { renovationEn, renovationZh } = await import('./i18n-renovation.js')
    expect(keys(renovationEn)).toEqual(keys(renovationZh))
    const { FLAGS, PAPERS, SCOPE_ITEMS, STATUSES, VIOLATION_KINDS } = await import('./renovation.js')
    expect(Object.keys(renovationZh.statuses).sort()).toEqual([...STATUSES].sort())
    expect(Object.keys(renovationZh.papers).sort()).toEqual([...PAPERS].sort())
    expect(Object.keys(renovationZh.flags).sort()).toEqual([...FLAGS].sort())
    expect(Object.keys(renovationZh.scope).sort()).toEqual([...SCOPE_ITEMS].sort())
    expect(Object.keys(renovationZh.patrols.kinds).sort()).toEqual([...VIOLATION_KINDS].sort())
  })
})
