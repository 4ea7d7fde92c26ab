import { describe, expect, test } from 'vitest'
import { age, countdown, formatDateTime, formatMoney, maskPhone } from './format.js'

describe('maskPhone', () => {
  test('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
  })
  test('masks a landline of any length in the middle', () => {
    expect(maskPhone('075512345678')).toBe('075*****5678')
  })
  test('hides short numbers entirely and leaves empty and already-masked values alone', () => {
    expect(maskPhone('12345')).toBe('*****')
    expect(maskPhone('')).toBe('')
    expect(maskPhone(null)).toBe('')
    expect(maskPhone('138****1234')).toBe('138****1234')
  })
})

describe('formatMoney', () => {
  test('shows yuan with two decimals from fen', () => {
    expect(formatMoney(123450)).toBe('¥1,234.50')
    expect(formatMoney(5)).toBe('¥0.05')
    expect(formatMoney(0)).toBe('¥0.00')
  })
  test('handles refunds and sums past the float range exactly', () => {
    expect(formatMoney(-1999)).toBe('-¥19.99')
    expect(formatMoney('9007199254740993')).toBe('¥90,071,992,547,409.93')
  })
})

describe('formatDateTime', () => {
  test('shows the project zone, not the browser zone', () => {
    expect(formatDateTime('2026-03-01T16:05:00Z', 'Asia/Shanghai')).toBe('2026-03-02 00:05')
    expect(formatDateTime('2026-03-01T16:05:00Z', 'Europe/London')).toBe('2026-03-01 16:05')
  })
  test('uses a 24-hour clock and is empty for nothing or nonsense', () => {
    expect(formatDateTime('2026-07-01T00:00:00+08:00', 'Asia/Shanghai')).toBe('2026-07-01 00:00')
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime('not a date')).toBe('')
  })
})

describe('countdown', () => {
  const now = Date.parse('2026-03-01T08:00:00Z')
  test('is green with more than 30 minutes left', () => {
    expect(countdown('2026-03-01T09:05:09Z', now)).toMatchObject({ level: 'ok', text: '01:05:09' })
    expect(countdown('2026-03-01T08:30:00Z', now)).toMatchObject({ level: 'ok', text: '00:30:00' })
  })
  test('turns amber under 30 minutes', () => {
    expect(countdown('2026-03-01T08:29:59Z', now)).toMatchObject({ level: 'warning', text: '00:29:59' })
  })
  test('turns red once the deadline has passed, counting the overrun', () => {
    expect(countdown('2026-03-01T08:00:00Z', now)).toMatchObject({ level: 'breached', text: '-00:00:00' })
    expect(countdown('2026-03-01T07:58:00Z', now)).toMatchObject({ level: 'breached', text: '-00:02:00' })
  })
  test('shows days for long deadlines and nothing without one', () => {
    expect(countdown('2026-03-04T09:00:00Z', now).text).toBe('3d 01:00')
    expect(countdown(null, now)).toBeNull()
  })
})

describe('age', () => {
  test('in minutes, hours and days', () => {
    const now = Date.parse('2026-03-03T08:00:00Z')
    expect(age('2026-03-03T07:55:00Z', now)).toBe('5m')
    expect(age('2026-03-03T05:30:00Z', now)).toBe('2h 30m')
    expect(age('2026-02-28T08:00:00Z', now)).toBe('3d')
  })
})
