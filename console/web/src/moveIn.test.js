import { describe, expect, it } from 'vitest'
import { bySlot, clockState, dayIn, daysBefore, formatDuration, keyCounts, orderedSteps, runningSeconds,
         utilityItems } from './moveIn.js'

describe('move-in on the page', () => {
  it('takes today in the project zone, not the browser one', () => {
    const lateUtc = new Date('2026-03-01T20:30:00Z') // 04:30 on the 2nd in Shanghai
    expect(dayIn('Asia/Shanghai', lateUtc)).toBe('2026-03-02')
    expect(dayIn('UTC', lateUtc)).toBe('2026-03-01')
    expect(daysBefore('2026-03-02', 30)).toBe('2026-01-31')
  })

  it('writes durations as a clock', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(725)).toBe('12:05')
    expect(formatDuration(3723)).toBe('1:02:03')
    expect(formatDuration(null)).toBe('')
  })

  it('carries the running clock on from what desk said', () => {
    const moveIn = { status: 'in_progress', elapsed_seconds: 100 }
    expect(runningSeconds(moveIn, 1000, 6500)).toBe(105)
    expect(runningSeconds({ status: 'completed', duration_seconds: 900 }, 0, 99999)).toBe(900)
    expect(runningSeconds({ status: 'booked', duration_seconds: null }, 0, 5000)).toBe(null)
  })

  it('warns before the target and marks past it', () => {
    expect(clockState(60, 30)).toBe('ok')
    expect(clockState(24 * 60, 30)).toBe('warn')
    expect(clockState(30 * 60, 30)).toBe('warn')
    expect(clockState(30 * 60 + 1, 30)).toBe('over')
  })

  it('lists the steps in the checklist order, the missing ones as not done', () => {
    const steps = orderedSteps({ steps: [{ step: 'fees', done: true }, { step: 'documents', done: false }] })
    expect(steps.map((s) => s.step)).toEqual(['documents', 'fees', 'keys', 'utilities', 'registration'])
    expect(steps[1].done).toBe(true)
    expect(steps[2].done).toBe(false)
  })

  it('orders the day by slot then unit', () => {
    const day = bySlot([{ slot: '10:00-10:30', unit_id: '1-1-101' }, { slot: '09:00-09:30', unit_id: '1-2-10' },
                        { slot: '09:00-09:30', unit_id: '1-2-9' }])
    expect(day.map((m) => m.unit_id)).toEqual(['1-2-9', '1-2-10', '1-1-101'])
  })

  it('turns the utilities rows into desk items, skipping empty and recorded ones', () => {
    const rows = [{ utility: 'water', mode: 'reading', value: ' 12.5 ' }, { utility: 'power', mode: 'reading', value: 'x' },
                  { utility: 'gas', mode: 'account', value: 'GAS-1' }, { utility: 'phone', mode: 'na', value: '业主自办' },
                  { utility: 'cable_tv', mode: 'account', value: '' }]
    const { items, errors } = utilityItems(rows, ['gas'])
    expect(items).toEqual([{ utility: 'water', meter_reading: '12.5' }, { utility: 'phone', not_applicable_reason: '业主自办' }])
    expect(errors).toEqual({ power: 'desk.moveIn.errors.reading' })
  })

  it('sends only the key kinds counted', () => {
    expect(keyCounts({ front_door: 2, mailbox: '1', room: 0, other: '' })).toEqual({ front_door: 2, mailbox: 1 })
  })
})
