// Move-in 入伙 on the page, kept out of the view so it can be unit tested: the day in the project's zone, the
// running clock against the target, the steps in the checklist's order, and the utilities' rows as desk takes them.

/** The five steps in the order the desk works them (desk accepts any order; the page leads in this one). */
export const STEPS = ['documents', 'fees', 'keys', 'utilities', 'registration']
export const UTILITIES = ['water', 'power', 'gas', 'phone', 'cable_tv']
export const KEY_KINDS = ['front_door', 'unit_entrance', 'mailbox', 'room', 'access_card', 'other']

/** YYYY-MM-DD of an instant on the project's clock: "today's appointments" are the project's today. */
export function dayIn(timeZone = 'Asia/Shanghai', now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** A day some days before YYYY-MM-DD (calendar arithmetic, no zone involved). */
export function daysBefore(day, days) {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10)
}

/** 12:05 or 1:02:03 from seconds; empty for none. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return ''
  const total = Math.max(0, Math.round(Number(seconds)))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** Seconds the flow has run at `now`: desk's `elapsed_seconds` at `loadedAt`, carried on by the browser's clock. */
export function runningSeconds(moveIn, loadedAt, now) {
  if (!moveIn || moveIn.status !== 'in_progress') return moveIn?.duration_seconds ?? null
  const base = moveIn.elapsed_seconds ?? 0
  return base + Math.max(0, Math.floor((now - loadedAt) / 1000))
}

/** ok under 80% of the target, warn from there, over past it: the clerk sees time running out before it does. */
export function clockState(seconds, targetMinutes) {
  if (seconds === null || seconds === undefined || !targetMinutes) return 'ok'
  const target = targetMinutes * 60
  if (seconds > target) return 'over'
  return seconds >= target * 0.8 ? 'warn' : 'ok'
}

/** The record's steps by name, in STEPS order, each with at least {step, done}. */
export function orderedSteps(moveIn) {
  const byName = Object.fromEntries((moveIn?.steps || []).map((s) => [s.step, s]))
  return STEPS.map((step) => byName[step] || { step, done: false, duration_seconds: null })
}

/** Appointments by slot, then unit: the day's list reads like the paper booking sheet. */
export function bySlot(moveIns) {
  return [...moveIns].sort((a, b) => a.slot.localeCompare(b.slot) || a.unit_id.localeCompare(b.unit_id, 'zh-CN', { numeric: true }))
}

/**
 * The utilities form's rows ({utility, mode: reading|account|na, value}) as desk's `items`, leaving out the rows
 * not filled and those already recorded; `errors` names the rows filled wrong (a reading that is not a number).
 */
export function utilityItems(rows, recorded = []) {
  const items = []
  const errors = {}
  for (const row of rows) {
    const value = String(row.value || '').trim()
    if (recorded.includes(row.utility) || !value) continue
    if (row.mode === 'reading') {
      if (!/^[0-9]{1,9}(\.[0-9]{1,3})?$/.test(value)) { errors[row.utility] = 'desk.moveIn.errors.reading'; continue }
      items.push({ utility: row.utility, meter_reading: value })
    } else if (row.mode === 'account') {
      items.push({ utility: row.utility, account_ref: value })
    } else {
      items.push({ utility: row.utility, not_applicable_reason: value })
    }
  }
  return { items, errors }
}

/** The key counts the owner signs for, without the kinds left at 0. */
export function keyCounts(counts) {
  return Object.fromEntries(Object.entries(counts).map(([kind, n]) => [kind, Number(n) || 0]).filter(([, n]) => n > 0))
}
