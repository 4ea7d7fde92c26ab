import { describe, expect, it } from 'vitest'
import {
  checkForm, countGroups, deskRegister, fieldErrors, fromZoneInput, inHours, keyState, matchUnits, normaliseUnit,
  person, proofOf, refusal, sortKeys, toZoneInput,
} from './desk.js'

const problem = (status, body) => ({ status, body, detail: body.detail })

describe('refusals and field errors', () => {
  it('reads the reason code of a 409, and the attempts left of a wrong code', () => {
    expect(refusal(problem(409, { reason_code: 'wrong_pickup_code', attempts_left: 3 })))
      .toEqual({ code: 'wrong_pickup_code', attemptsLeft: 3, missingSteps: [], detail: '' })
    expect(refusal(problem(409, { reason_code: 'holder_not_authorised', detail: 'no' })).code).toBe('holder_not_authorised')
  })
  it('keeps the steps a move-in still misses', () => {
    expect(refusal(problem(409, { reason_code: 'steps_missing', missing_steps: ['fees', 'keys'] })).missingSteps)
      .toEqual(['fees', 'keys'])
  })
  it('calls an unknown reason "other", and anything but a 409 no refusal', () => {
    expect(refusal(problem(409, { reason_code: 'brand_new' })).code).toBe('other')
    expect(refusal(problem(422, { reason_code: 'x' }))).toBeNull()
    expect(refusal({ status: 0 })).toBeNull()
  })
  it('maps a 422 to the form fields, dropping the nesting the form flattens', () => {
    const error = problem(422, { errors: { 'holder.id_last4': ['give id_last4 or phone'], expected_return_at: ['bad', 'worse'] } })
    expect(fieldErrors(error, 'holder')).toEqual({ id_last4: 'give id_last4 or phone', expected_return_at: 'bad; worse' })
    expect(fieldErrors(problem(409, { errors: { a: ['b'] } }))).toEqual({})
  })
})

describe('a person at the desk', () => {
  it('takes four characters as the last four of an ID, a longer number as a phone', () => {
    expect(proofOf('432x')).toEqual({ id_last4: '432X' })
    expect(proofOf(' 13812341234 ')).toEqual({ phone: '13812341234' })
    expect(proofOf('12')).toBeNull()
    expect(person(' 周建国 ', '4321')).toEqual({ name: '周建国', id_last4: '4321' })
  })
  it('names each wrong field before anything is sent', () => {
    const errors = checkForm({ name: ' ', proof: 'abc', phone: 'x1', unit: '9-9-909' },
      { required: ['name'], proofs: ['proof'], phones: ['phone'], units: ['unit'], knownUnits: ['1-1-101'] })
    expect(errors).toEqual({ name: 'desk.errors.required', proof: 'desk.errors.proof', phone: 'desk.errors.phone',
                             unit: 'desk.errors.unit' })
    expect(checkForm({ name: '王', unit: '1-1-101' }, { required: ['name'], units: ['unit'], knownUnits: ['1-1-101'] }))
      .toEqual({})
  })
})

describe('the key register', () => {
  const keys = [
    { id: 'a', status: 'in', hook: 'A-10' }, { id: 'b', status: 'out', overdue: false, hook: 'A-2' },
    { id: 'c', status: 'out', overdue: true, hook: 'B-1' }, { id: 'd', status: 'in', hook: 'A-2' },
  ]
  it('shows overdue keys first, then those out, then the hooks in number order', () => {
    expect(keys.map(keyState)).toEqual(['in', 'out', 'overdue', 'in'])
    expect(sortKeys(keys).map((k) => k.id)).toEqual(['c', 'b', 'd', 'a'])
  })
  it('lists the shift count\'s groups that need action first and leaves out empty ones', () => {
    const result = { present: [{ key_id: 'a' }], out: [], overdue: [{ key_id: 'c' }], missing: [{ key_id: 'x' }],
                     present_while_out: [] }
    expect(countGroups(result).map((g) => g.group)).toEqual(['missing', 'overdue', 'present'])
  })
})

describe('the unit field', () => {
  const units = ['1-1-101', '1-1-102', '1-2-201', '2-12-1201', '12-1-101']
  it('reads spaces and slashes as the dashes of a unit id', () => {
    expect(normaliseUnit(' 1 2/201 ')).toBe('1-2-201')
  })
  it('puts the exact unit first, then those starting with what is typed, then the rest containing it', () => {
    expect(matchUnits(units, '1-1-101')).toEqual(['1-1-101'])
    expect(matchUnits(units, '1-1').slice(0, 2)).toEqual(['1-1-101', '1-1-102'])
    expect(matchUnits(units, '1201')).toEqual(['2-12-1201'])
    expect(matchUnits(units, '12')[0]).toBe('12-1-101')
    expect(matchUnits(units, '', 2)).toEqual(['1-1-101', '1-1-102'])
  })
})

describe('times typed on the project\'s clock', () => {
  it('turns a wall-clock time in Shanghai into the instant it means, and back', () => {
    expect(fromZoneInput('2026-03-01T09:30', 'Asia/Shanghai')).toBe('2026-03-01T01:30:00.000Z')
    expect(toZoneInput('2026-03-01T01:30:00Z', 'Asia/Shanghai')).toBe('2026-03-01T09:30')
  })
  it('keeps the right offset on both sides of a daylight-saving change', () => {
    expect(fromZoneInput('2026-07-01T12:00', 'Europe/London')).toBe('2026-07-01T11:00:00.000Z')
    expect(fromZoneInput('2026-01-01T12:00', 'Europe/London')).toBe('2026-01-01T12:00:00.000Z')
  })
  it('refuses what is not a time', () => {
    expect(fromZoneInput('tomorrow')).toBeNull()
    expect(fromZoneInput('')).toBeNull()
  })
  it('starts the expected return a few hours on, at the next 5 minutes', () => {
    expect(inHours(2, new Date('2026-03-01T01:31:10Z')).toISOString()).toBe('2026-03-01T03:35:00.000Z')
  })
})

describe('live events', () => {
  it('sends each desk event to the screen of its register', () => {
    expect(deskRegister({ type: 'desk.parcel.received', data: {} })).toBe('parcels')
    expect(deskRegister({ type: 'desk.key.overdue', data: {} })).toBe('keys')
    expect(deskRegister({ type: 'console.desk.changed', data: { register: 'key-counts' } })).toBe('keys')
    expect(deskRegister({ type: 'console.desk.changed', data: { register: 'held-items' } })).toBe('items')
    expect(deskRegister({ type: 'desk.notice.archived', data: {} })).toBe('notices')
    expect(deskRegister({ type: 'desk.survey.answered', data: {} })).toBe('surveys')
    expect(deskRegister({ type: 'console.desk.changed', data: { register: 'notices' } })).toBe('notices')
    expect(deskRegister({ type: 'console.desk.changed', data: { register: 'survey-campaigns' } })).toBe('surveys')
    expect(deskRegister({ type: 'ticketing.ticket.created', data: {} })).toBeNull()
  })
})

describe('the desk texts', () => {
  const keysOf = (tree, prefix = '') => Object.entries(tree).flatMap(([key, value]) =>
    (value && typeof value === 'object' ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`])).sort()
  it('has every Chinese text in English too, and no English text missing in Chinese', async () => {
    const { deskEn, deskZh } = await import('./i18n-desk.js')
    expect(keysOf(deskEn)).toEqual(keysOf(deskZh))
  })
  it('explains every reason code desk answers', async () => {
    const { deskZh } = await import('./i18n-desk.js')
    const { REASONS } = await import('./desk.js')
    for (const code of [...REASONS, 'other']) expect(deskZh.reasons[code], code).toBeTruthy()
  })
})
