import { describe, expect, it } from 'vitest'
import { applyFilters, breachingSoon, isFiltered, loadFailure, loadFilters, mergeLoaded, NO_FILTERS, saveFilters, technicianForKey } from './board.js'

const NOW = Date.parse('2026-12-02T08:00:00Z')
const at = (minutes) => new Date(NOW + minutes * 60000).toISOString()

describe('breachingSoon', () => {
  it('lists what is under 30 minutes from its deadline or past it, the most pressing first', () => {
    const tickets = [{ id: 'a', next_breach: { due_at: at(29) } }, { id: 'b', next_breach: { due_at: at(-5) } },
      { id: 'c', next_breach: { due_at: at(31) } }, { id: 'd', next_breach: null }, { id: 'e' }]
    expect(breachingSoon(tickets, NOW).map((t) => t.id)).toEqual(['b', 'a'])
  })
})

describe('filters', () => {
  const tickets = [
    { id: '1', kind: 'repair', category: 'urgent', title: '水管爆裂', unit_id: '1-2-201', assignee: null },
    { id: '2', kind: 'repair', category: 'general', title: '门锁坏了', unit_id: '3-1-101', assignee: 'tech-1' },
    { id: '3', kind: 'complaint', category: null, title: '噪音', unit_id: null, assignee: null },
  ]
  it('lets everything through when nothing is set', () => {
    expect(applyFilters(tickets, NO_FILTERS)).toHaveLength(3)
    expect(isFiltered(NO_FILTERS)).toBe(false)
  })
  it('combines kind, category, unassigned and text on the title or the unit', () => {
    expect(applyFilters(tickets, { ...NO_FILTERS, kind: 'repair' }).map((t) => t.id)).toEqual(['1', '2'])
    expect(applyFilters(tickets, { ...NO_FILTERS, kind: 'repair', unassigned: true }).map((t) => t.id)).toEqual(['1'])
    expect(applyFilters(tickets, { ...NO_FILTERS, text: '3-1' }).map((t) => t.id)).toEqual(['2'])
    expect(applyFilters(tickets, { ...NO_FILTERS, text: '噪音' }).map((t) => t.id)).toEqual(['3'])
    expect(isFiltered({ ...NO_FILTERS, category: 'urgent' })).toBe(true)
  })
  it('are saved per person and project, and a damaged entry falls back to none', () => {
    const store = new Map()
    const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) }
    saveFilters(storage, 'stf-1', 'demo', { ...NO_FILTERS, kind: 'repair' })
    expect(loadFilters(storage, 'stf-1', 'demo').kind).toBe('repair')
    expect(loadFilters(storage, 'stf-2', 'demo')).toEqual(NO_FILTERS)
    store.set('kefu.board.filters.demo.stf-3', '{not json')
    expect(loadFilters(storage, 'stf-3', 'demo')).toEqual(NO_FILTERS)
    store.set('kefu.board.filters.demo.stf-4', '{"kind": 7, "unassigned": true}')
    expect(loadFilters(storage, 'stf-4', 'demo')).toEqual({ ...NO_FILTERS, unassigned: true })
  })
})

describe('technicianForKey', () => {
  const technicians = [{ id: 't1' }, { id: 't2' }]
  it('dispatches to the n-th technician shown with keys 1 to 9', () => {
    expect(technicianForKey('2', technicians).id).toBe('t2')
    expect(technicianForKey('3', technicians)).toBeNull()
    expect(technicianForKey('0', technicians)).toBeNull()
    expect(technicianForKey('a', technicians)).toBeNull()
  })
})

describe('mergeLoaded', () => {
  it('keeps what events changed while the read was on its way over the read, and drops what they found gone', () => {
    const items = [{ id: 'a', status: 'received' }, { id: 'b', status: 'received' }, { id: 'c', status: 'received' }]
    const changed = { a: { id: 'a', status: 'dispatched' }, b: null, d: { id: 'd', status: 'received' } }
    expect(mergeLoaded(items, changed)).toEqual({ a: { id: 'a', status: 'dispatched' }, c: items[2], d: changed.d })
    expect(Object.keys(mergeLoaded(items))).toEqual(['a', 'b', 'c'])
  })
})

describe('loadFailure', () => {
  it('names the cause the board shows in Chinese', () => {
    expect(loadFailure({ status: 0, title: 'network' })).toEqual({ key: 'network', params: {} })
    expect(loadFailure({ status: 0, title: 'timeout' })).toEqual({ key: 'timeout', params: {} })
    expect(loadFailure({ status: 502, title: 'ticketing is not reachable' })).toEqual({ key: 'server', params: { status: 502 } })
    expect(loadFailure({ status: 403, title: 'Forbidden', detail: 'missing scope' }))
      .toEqual({ key: 'refused', params: { status: 403, detail: 'missing scope' } })
    expect(loadFailure(new Error('x'))).toEqual({ key: 'unknown', params: {} })
  })
})
