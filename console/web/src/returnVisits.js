// The return-visit queue's rules, kept out of the view so they can be unit tested: which visits are in
// today's queue, in what order, and the satisfaction scale.

/** The project-zone calendar date (YYYY-MM-DD) of an instant. */
export function zoneDate(value, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(value instanceof Date ? value : new Date(value))
}

/**
 * Today's queue: open, scheduled visits that are overdue or due today on the project's clock (a
 * placeholder has no due time yet and cannot be worked). Overdue first, then the earliest due.
 */
export function todaysQueue(visits, now = new Date(), timeZone = 'Asia/Shanghai') {
  const today = zoneDate(now, timeZone)
  return visits
    .filter((v) => v.scheduled && v.due_at && ['pending', 'assigned'].includes(v.status))
    .filter((v) => v.overdue || zoneDate(v.due_at, timeZone) <= today)
    .sort((a, b) => (Number(b.overdue) - Number(a.overdue)) || a.due_at.localeCompare(b.due_at))
}

/** 1-5, 5 best; visits decides what counts as unhappy (project setting), the page only shows its answer. */
export const SCORES = [5, 4, 3, 2, 1]
