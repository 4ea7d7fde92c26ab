// The HQ dashboard 总部看板 (issue 17, item 6): pure rules — who sees it, the month range, each project's figures
// combined over kinds from the groups MongoDB computed (ticketing's /hq/reports/months), and the ECharts options.

export const KINDS = ['urgent_repair', 'general_repair', 'complaint', 'inquiry', 'help_request', 'community_matter',
  'owner_suggestion']
export const METRICS = ['volume', 'sla', 'resolve', 'repeat', 'satisfaction', 'revenue']
const COLORS = ['#1677ff', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16']

/** YYYY-MM of a date in the given zone. */
export function monthOf(date, timeZone = 'Asia/Shanghai') {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .formatToParts(date).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}`
}

export function addMonths(month, n) {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1 + n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Every month from `from` to `to`, inclusive (a month without tickets is still on the axis). */
export function monthsBetween(from, to) {
  const out = []
  for (let month = from; month <= to && out.length < 120; month = addMonths(month, 1)) out.push(month)
  return out
}

/** The first render's range: the last six months up to this one. */
export function defaultRange(now = new Date(), timeZone = 'Asia/Shanghai') {
  const to = monthOf(now, timeZone)
  return { from: addMonths(to, -5), to }
}

/** billing's period for the same months: the first day of `from` to the last day of `to`. */
export function revenuePeriod({ from, to }) {
  const next = addMonths(to, 1)
  const last = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5)) - 1, 0)).getUTCDate()
  return { from: `${from}-01`, to: `${to}-${String(last).padStart(2, '0')}` }
}

function empty() {
  return { volume: 0, slaDecided: 0, slaMet: 0, resolved: 0, resolveHours: 0, repeat: 0, satisfactionCount: 0,
    satisfactionSum: 0, byKind: {} }
}

function add(into, row) {
  into.volume += row.volume
  into.slaDecided += row.sla_decided
  into.slaMet += row.sla_met
  into.resolved += row.resolved
  // Means are weighted by what they are means of: hours by resolved tickets, satisfaction by answered visits.
  if (row.mean_hours_to_resolve !== null && row.mean_hours_to_resolve !== undefined) {
    into.resolveHours += row.mean_hours_to_resolve * row.resolved
  }
  into.repeat += row.repeat_complaints
  if (row.satisfaction_average !== null && row.satisfaction_average !== undefined) {
    into.satisfactionSum += row.satisfaction_average * row.satisfaction_count
    into.satisfactionCount += row.satisfaction_count
  }
  into.byKind[row.kind] = (into.byKind[row.kind] || 0) + row.volume
  return into
}

function finish(stats) {
  return {
    volume: stats.volume, byKind: stats.byKind, repeat: stats.repeat, resolved: stats.resolved,
    sla: stats.slaDecided ? stats.slaMet / stats.slaDecided : null,
    resolveHours: stats.resolved ? stats.resolveHours / stats.resolved : null,
    satisfaction: stats.satisfactionCount ? stats.satisfactionSum / stats.satisfactionCount : null,
    satisfactionCount: stats.satisfactionCount,
  }
}

/** { project: { month: figures } } with the kinds combined, from /hq/reports/months. */
export function byProjectAndMonth(report) {
  const out = {}
  for (const project of report?.projects || []) {
    out[project.project] = {}
    for (const month of project.months) {
      out[project.project][month.month] = finish(month.kinds.reduce(add, empty()))
    }
  }
  return out
}

/** { project: { month: revenue_fen } } from billing's /hq/revenue. */
export function revenueByProjectAndMonth(revenue) {
  const out = {}
  for (const month of revenue?.months || []) {
    for (const row of month.projects) {
      out[row.project_id] = out[row.project_id] || {}
      out[row.project_id][row.month] = row.revenue_fen
    }
  }
  return out
}

/** Every project in either answer, sorted: the ones HQ can compare. */
export function projectsOf(report, revenue) {
  const names = new Set((report?.projects || []).map((p) => p.project))
  for (const month of revenue?.months || []) for (const row of month.projects) names.add(row.project_id)
  return [...names].sort()
}

/** One row per project over the whole range: the comparison table (and the drill-down's entry). */
export function projectTotals(report, revenue, projects) {
  const revenues = revenueByProjectAndMonth(revenue)
  const rows = []
  for (const name of projects) {
    const found = (report?.projects || []).find((p) => p.project === name)
    const stats = empty()
    for (const month of found?.months || []) month.kinds.reduce(add, stats)
    const fen = Object.values(revenues[name] || {}).reduce((sum, value) => sum + value, 0)
    rows.push({ project: name, ...finish(stats), revenueFen: fen })
  }
  return rows
}

/** The flat figures table (one row per project, month and kind, as MongoDB grouped them). */
export function figureRows(report, projects) {
  const rows = []
  for (const project of report?.projects || []) {
    if (!projects.includes(project.project)) continue
    for (const month of project.months) {
      for (const kind of month.kinds) rows.push({ project: project.project, month: month.month, ...kind })
    }
  }
  return rows
}

function value(metric, figures, fen) {
  if (metric === 'revenue') return fen === undefined ? 0 : fen / 100
  if (!figures) return metric === 'volume' || metric === 'repeat' ? 0 : null
  if (metric === 'sla') return figures.sla === null ? null : Math.round(figures.sla * 1000) / 10
  if (metric === 'resolve') return figures.resolveHours === null ? null : Math.round(figures.resolveHours * 10) / 10
  if (metric === 'satisfaction') return figures.satisfaction === null ? null : Math.round(figures.satisfaction * 100) / 100
  return metric === 'repeat' ? figures.repeat : figures.volume
}

const AXIS = { sla: { min: 0, max: 100, unit: '%' }, satisfaction: { min: 0, max: 5, unit: '' } }

/**
 * The ECharts option of one metric, every chosen project side by side by month. Volumes are bars stacked by
 * kind within each project's own stack; the rates are lines (a month with no decided target is a gap, not a 0).
 */
export function metricOption(metric, report, revenue, projects, months, labels) {
  const figures = byProjectAndMonth(report)
  const revenues = revenueByProjectAndMonth(revenue)
  const line = ['sla', 'resolve', 'satisfaction'].includes(metric)
  let series
  if (metric === 'volume') {
    series = projects.flatMap((project) => KINDS
      .filter((kind) => months.some((m) => figures[project]?.[m]?.byKind[kind]))
      .map((kind) => ({
        name: `${project} · ${labels.kind(kind)}`, type: 'bar', stack: project,
        data: months.map((m) => figures[project]?.[m]?.byKind[kind] || 0),
      })))
  } else {
    series = projects.map((project) => ({
      name: project, type: line ? 'line' : 'bar', connectNulls: false,
      data: months.map((m) => value(metric, figures[project]?.[m], revenues[project]?.[m])),
    }))
  }
  const axis = AXIS[metric] || {}
  return {
    color: COLORS, animation: false,
    title: { text: labels.metric(metric), left: 0, top: 0, padding: 0, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 26, left: 0, right: 0 },
    grid: { top: 64, left: 8, right: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', min: axis.min, max: axis.max, axisLabel: { formatter: `{value}${axis.unit || ''}` } },
    series,
  }
}

/** The export job's line under a table: rows so far of the total, or done / failed. */
export function exportProgress(job) {
  if (!job) return null
  const percent = job.total ? Math.min(100, Math.round((job.rows / job.total) * 100)) : (job.status === 'done' ? 100 : 0)
  return { status: job.status, rows: job.rows, total: job.total, percent }
}

/** The job as last heard of: the POST's answer, or a progress event of the same job that came before it. */
export function latestOf(started, early) {
  return early.get(started.export_id) || started
}

