import { describe, expect, it } from 'vitest'
import {
  defaultRange, exportProgress, figureRows, latestOf, metricOption, monthsBetween, projectTotals, projectsOf, revenuePeriod,
} from './hqDashboard.js'

const row = (kind, volume, extra = {}) => ({
  kind, volume, sla_decided: 0, sla_met: 0, resolved: 0, mean_hours_to_resolve: null, repeat_complaints: 0,
  satisfaction_average: null, satisfaction_count: 0, ...extra,
})
const REPORT = {
  from: '2026-10', to: '2026-12',
  projects: [
    { project: 'east', months: [
      { month: '2026-10', kinds: [row('complaint', 2, { repeat_complaints: 1 }),
        row('general_repair', 4, { sla_decided: 4, sla_met: 3, resolved: 2, mean_hours_to_resolve: 3,
          satisfaction_average: 4, satisfaction_count: 1 })] },
      { month: '2026-12', kinds: [row('general_repair', 1, { sla_decided: 1, sla_met: 1, resolved: 1,
        mean_hours_to_resolve: 6, satisfaction_average: 5, satisfaction_count: 3 })] },
    ] },
    { project: 'west', months: [{ month: '2026-11', kinds: [row('inquiry', 7)] }] },
  ],
}
const REVENUE = { months: [
  { month: '2026-10', projects: [{ project_id: 'east', month: '2026-10', revenue_fen: 12050 }] },
  { month: '2026-11', projects: [{ project_id: 'north', month: '2026-11', revenue_fen: 100 },
    { project_id: 'east', month: '2026-11', revenue_fen: 50 }] },
] }
const LABELS = { kind: (k) => `K:${k}`, metric: (m) => `M:${m}` }

describe('the range', () => {
  it('lists every month, across a year, and defaults to the last six', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(defaultRange(new Date('2026-03-31T17:00:00Z'))).toEqual({ from: '2025-11', to: '2026-04' }) // Shanghai: April
    expect(revenuePeriod({ from: '2026-01', to: '2026-02' })).toEqual({ from: '2026-01-01', to: '2026-02-28' })
    expect(revenuePeriod({ from: '2024-02', to: '2024-12' }).to).toBe('2024-12-31')
  })
})

describe('figures per project', () => {
  it('combines the kinds with means weighted by what they are means of, and adds the revenue', () => {
    const [east, west] = projectTotals(REPORT, REVENUE, ['east', 'west'])
    expect(east).toMatchObject({ project: 'east', volume: 7, repeat: 1, sla: 0.8, revenueFen: 12100,
      byKind: { complaint: 2, general_repair: 5 } })
    expect(east.resolveHours).toBe(4) // (3 × 2 + 6 × 1) / 3
    expect(east.satisfaction).toBe(4.75) // (4 × 1 + 5 × 3) / 4
    expect(west).toMatchObject({ volume: 7, sla: null, resolveHours: null, satisfaction: null, revenueFen: 0 })
  })

  it('knows every project of either service and flattens the groups of the chosen ones', () => {
    expect(projectsOf(REPORT, REVENUE)).toEqual(['east', 'north', 'west'])
    expect(figureRows(REPORT, ['west'])).toEqual([{ project: 'west', month: '2026-11', ...row('inquiry', 7) }])
  })
})

describe('chart options', () => {
  const months = monthsBetween('2026-10', '2026-12')
  it('stacks volumes by kind within each project, side by side by month', () => {
    const option = metricOption('volume', REPORT, REVENUE, ['east', 'west'], months, LABELS)
    expect(option.xAxis.data).toEqual(months)
    expect(option.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['east · K:general_repair', 'east', [4, 0, 1]], ['east · K:complaint', 'east', [2, 0, 0]],
      ['west · K:inquiry', 'west', [0, 7, 0]]])
    expect(option.title.text).toBe('M:volume')
  })

  it('draws rates as lines with gaps where nothing was decided, and revenue in yuan', () => {
    const sla = metricOption('sla', REPORT, REVENUE, ['east', 'west'], months, LABELS)
    expect(sla.series.map((s) => [s.type, s.data])).toEqual([['line', [75, null, 100]], ['line', [null, null, null]]])
    expect(sla.yAxis).toMatchObject({ min: 0, max: 100 })
    const revenue = metricOption('revenue', REPORT, REVENUE, ['east'], months, LABELS)
    expect(revenue.series[0].data).toEqual([120.5, 0.5, 0])
    const repeat = metricOption('repeat', REPORT, REVENUE, ['east'], months, LABELS)
    expect(repeat.series[0]).toMatchObject({ type: 'bar', data: [1, 0, 0] })
  })
})

describe('export progress', () => {
  it('is rows of the total while running, full when done', () => {
    expect(exportProgress({ status: 'running', rows: 400, total: 1000 })).toMatchObject({ percent: 40 })
    expect(exportProgress({ status: 'done', rows: 3, total: null })).toMatchObject({ percent: 100 })
    expect(exportProgress(null)).toBe(null)
  })
})

describe('an export finished before its POST answered', () => {
  it('takes the job\'s own earlier event over the answer', () => {
    const started = { export_id: 'a', status: 'running', rows: 0 }
    const done = { export_id: 'a', status: 'done', rows: 6 }
    expect(latestOf(started, new Map([['a', done]]))).toEqual(done)
    expect(latestOf(started, new Map([['b', done]]))).toEqual(started)
  })
})

