import { describe, expect, test } from 'vitest'
import { todaysQueue, zoneDate } from './returnVisits.js'

const visit = (id, due_at, extra = {}) => ({ id, due_at, scheduled: true, status: 'pending', overdue: false, ...extra })

describe('todaysQueue', () => {
  const now = new Date('2026-03-10T02:00:00Z') // 10:00 in Shanghai
  test('keeps overdue and due-today visits on the project clock, not the browser\'s', () => {
    const items = [
      visit('late-evening', '2026-03-10T15:30:00Z'), // 23:30 Shanghai: still today
      visit('tomorrow', '2026-03-10T16:30:00Z'), // 00:30 the next day in Shanghai
      visit('overdue', '2026-03-08T01:00:00Z', { overdue: true }),
    ]
    expect(todaysQueue(items, now).map((v) => v.id)).toEqual(['overdue', 'late-evening'])
  })
  test('puts overdue first, then the earliest due', () => {
    const items = [visit('b', '2026-03-10T05:00:00Z'), visit('a', '2026-03-10T03:00:00Z'),
      visit('old', '2026-03-09T01:00:00Z', { overdue: true, status: 'assigned' })]
    expect(todaysQueue(items, now).map((v) => v.id)).toEqual(['old', 'a', 'b'])
  })
  test('leaves out placeholders and finished visits', () => {
    const items = [visit('placeholder', null, { scheduled: false }), visit('done', '2026-03-10T03:00:00Z', { status: 'completed' }),
      visit('cancelled', '2026-03-10T03:00:00Z', { status: 'cancelled' })]
    expect(todaysQueue(items, now)).toEqual([])
  })
})

describe('zoneDate', () => {
  test('is the date in the given zone', () => {
    expect(zoneDate('2026-03-10T16:30:00Z', 'Asia/Shanghai')).toBe('2026-03-11')
    expect(zoneDate('2026-03-10T16:30:00Z', 'UTC')).toBe('2026-03-10')
  })
})
