import { describe, expect, test } from 'vitest'
import { badgeText, concernsInbox, filterQuery, lateness, replaceItem, sortItems } from './inbox.js'

const item = (id, status, created_at) => ({ id, status, created_at })

describe('sortItems', () => {
  test('puts unread first, then read, then done, newest first within each', () => {
    const items = [item('a', 'read', '2026-01-01T08:00:00+00:00'), item('b', 'unread', '2026-01-01T07:00:00+00:00'),
                   item('c', 'done', '2026-01-01T09:00:00+00:00'), item('d', 'unread', '2026-01-01T10:00:00+00:00'),
                   item('e', 'read', '2026-01-01T11:00:00+00:00')]
    expect(sortItems(items).map((i) => i.id)).toEqual(['d', 'b', 'e', 'a', 'c'])
  })
  test('leaves the given list as it was', () => {
    const items = [item('a', 'read', '1'), item('b', 'unread', '2')]
    sortItems(items)
    expect(items.map((i) => i.id)).toEqual(['a', 'b'])
  })
})

describe('filterQuery', () => {
  test('asks for unread items only, or for everything', () => {
    expect(filterQuery('unread')).toEqual({ status: 'unread', page_size: 100 })
    expect(filterQuery('all')).toEqual({ page_size: 100 })
    expect(filterQuery('nonsense', 20)).toEqual({ page_size: 20 })
  })
})

describe('lateness', () => {
  test('counts minutes, then hours and minutes, then days and hours', () => {
    expect(lateness(7)).toEqual({ key: 'minutes', values: { m: 7 } })
    expect(lateness(125)).toEqual({ key: 'hours', values: { h: 2, m: 5 } })
    expect(lateness(60 * 24 * 3 + 61)).toEqual({ key: 'days', values: { d: 3, h: 1 } })
  })
  test('says under a minute for a breach caught within its first minute', () => {
    expect(lateness(0)).toEqual({ key: 'underMinute', values: {} })
  })
  test('says nothing when unknown (an approval has no lateness)', () => {
    for (const value of [-3, null, undefined, 'x', NaN]) expect(lateness(value)).toBeNull()
  })
})

describe('concernsInbox', () => {
  const added = { type: 'notifications.inbox.item_added', data: { recipient: 'stf_1', item_id: 'i1' } }
  test('only inbox events addressed to this person', () => {
    expect(concernsInbox(added, 'stf_1')).toBe(true)
    expect(concernsInbox({ ...added, type: 'notifications.inbox.item_marked' }, 'stf_1')).toBe(true)
    expect(concernsInbox(added, 'stf_2')).toBe(false)
    expect(concernsInbox(added, undefined)).toBe(false)
    expect(concernsInbox({ type: 'ticketing.sla.breached', data: { recipient: 'stf_1' } }, 'stf_1')).toBe(false)
    expect(concernsInbox(null, 'stf_1')).toBe(false)
  })
})

describe('replaceItem and badgeText', () => {
  test('a marked item takes the place of the old one', () => {
    const items = [item('a', 'unread', '1'), item('b', 'unread', '2')]
    expect(replaceItem(items, item('b', 'done', '2'))).toEqual([item('a', 'unread', '1'), item('b', 'done', '2')])
  })
  test('the badge is empty at zero and caps at 99+', () => {
    expect([0, null, 1, 99, 100].map(badgeText)).toEqual(['', '', '1', '99', '99+'])
  })
})
