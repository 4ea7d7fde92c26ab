import { describe, expect, it } from 'vitest'
import { yuanToFen } from './cashier.js'
import { dayState, fenToYuan, isoDay, parseWindows, problemFields, projectRoles, toggleDay, weekdayOf, windowsText } from './settings.js'

const SHIFT = [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }]
const calendar = () => ({ timezone: 'Asia/Shanghai', weekly_hours: [SHIFT, SHIFT, SHIFT, SHIFT, SHIFT, [], []],
  holidays: ['2026-10-01'], extra_working_days: ['2026-10-10'], extra_day_hours: SHIFT })

describe('calendar days', () => {
  it('numbers weekdays Monday first, as ticketing does', () => {
    expect(weekdayOf('2026-12-07')).toBe(0) // a Monday
    expect(weekdayOf('2026-12-13')).toBe(6) // a Sunday
    expect(isoDay(new Date(2026, 0, 5))).toBe('2026-01-05')
  })
  it('reads a day with ticketing\'s precedence: 调休 over holiday over the weekday', () => {
    const c = calendar()
    expect(dayState(c, '2026-10-01')).toBe('holiday')
    expect(dayState(c, '2026-10-10')).toBe('extra') // a Saturday worked
    expect(dayState(c, '2026-10-12')).toBe('working')
    expect(dayState(c, '2026-10-11')).toBe('rest')
    expect(dayState({ ...c, holidays: ['2026-10-10'] }, '2026-10-10')).toBe('extra')
  })
  it('toggles a working day to a holiday and back, a weekend to a 调休 day and back, leaving the original alone', () => {
    const c = calendar()
    const marked = toggleDay(c, '2026-12-07')
    expect(dayState(marked, '2026-12-07')).toBe('holiday')
    expect(marked.holidays).toEqual(['2026-10-01', '2026-12-07'])
    expect(c.holidays).toEqual(['2026-10-01'])
    expect(dayState(toggleDay(marked, '2026-12-07'), '2026-12-07')).toBe('working')
    const worked = toggleDay(c, '2026-12-12')
    expect(dayState(worked, '2026-12-12')).toBe('extra')
    expect(dayState(toggleDay(worked, '2026-12-12'), '2026-12-12')).toBe('rest')
    expect(toggleDay(c, '2026-10-01').holidays).toEqual([])
  })
})

describe('working hours as text', () => {
  it('writes and reads windows, Chinese punctuation included', () => {
    expect(windowsText(SHIFT)).toBe('08:30-12:00, 13:30-17:30')
    expect(parseWindows('08:30-12:00，13:30 - 17:30')).toEqual(SHIFT)
    expect(parseWindows('')).toEqual([])
  })
  it('refuses what is not HH:MM-HH:MM', () => {
    for (const bad of ['8:30-12:00', '08:30', '08:30-24:00', '08:30-12:00-13:00', 'morning']) expect(parseWindows(bad)).toBeNull()
  })
})

describe('prices between yuan and fen', () => {
  it('shows fen as yuan with two decimals and reads it back to the same fen', () => {
    expect(fenToYuan(2500)).toBe('25.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(null)).toBe('')
    for (const fen of [0, 1, 99, 2500, 123456789]) expect(yuanToFen(fenToYuan(fen))).toBe(fen)
  })
})

describe('server answers', () => {
  it('names fields from a 422 and from identity\'s 409 for a taken username', () => {
    expect(problemFields({ status: 422, body: { errors: { 'policy.general_fixed.minutes': ['too big'] } } }))
      .toEqual({ 'policy.general_fixed.minutes': 'too big' })
    expect(problemFields({ status: 409, body: { errors: { username: ['already used'] } } })).toEqual({ username: 'already used' })
    expect(problemFields({ status: 403, body: { title: 'Forbidden' } })).toEqual({})
  })
  it('lists only the roles held in this project', () => {
    const person = { roles: [{ project_id: 'demo', role: 'security' }, { project_id: 'p2', role: 'technician' }] }
    expect(projectRoles(person, 'demo')).toEqual(['security'])
  })
})
