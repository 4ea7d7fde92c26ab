// The settings screen's rules in the browser: who may change, a day's state in ticketing's business calendar and
// what a click does to it, working hours as typed text, and prices between the yuan people type and billing's fen.
import { fieldErrors } from './desk.js'

// Who sees 设置 at all, and who may change it (the brief: the project manager and HQ's administrator). The services
// decide again on every call: ticketing's PUT /settings/sla, billing's catalogue and identity's staff endpoints.
export const SETTINGS_READERS = ['project_manager', 'cs_supervisor', 'cs_administrator', 'cs_assistant', 'finance_clerk',
  'hq_general_manager', 'hq_management_representative', 'hq_auditor']
export const SETTINGS_EDITORS = ['project_manager', 'hq_admin']
// identity's GET /staff is for staff administrators only; nobody else gets the tab.
export const STAFF_ADMINS = ['project_manager', 'hq_admin']

// TK-4's targets in ticketing's order, and the escalation ladder's three levels.
export const SLA_TARGETS = ['help_first_response', 'immediate_on_site', 'urgent_on_site', 'urgent_fixed', 'general_fixed',
  'off_catalogue_assessed']
export const LADDER = ['supervisor', 'manager', 'hq']

// Roles a project manager may give (identity refuses the manager role and HQ roles from anyone but HQ).
export const GRANTABLE_ROLES = ['cs_assistant', 'cs_administrator', 'cs_supervisor', 'engineering_supervisor', 'technician',
  'security', 'security_supervisor', 'duty_officer', 'finance_clerk', 'zone_steward']

/** 2026-10-01 for a Date, read in the browser's own calendar (el-calendar hands out local midnights). */
export function isoDay(date) {
  const pad = (n) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Monday = 0, as ticketing's weekly_hours are ordered; from an ISO day so no time zone can shift it. */
export function weekdayOf(day) {
  const [y, m, d] = day.split('-').map(Number)
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
}

/**
 * What a day is in the calendar, in ticketing's own precedence (BusinessCalendar.windows_on): an extra working
 * day (调休上班) first, then a holiday, then the weekday's hours: 'extra', 'holiday', 'working' or 'rest'.
 */
export function dayState(calendar, day) {
  if (calendar.extra_working_days.includes(day)) return 'extra'
  if (calendar.holidays.includes(day)) return 'holiday'
  return calendar.weekly_hours[weekdayOf(day)].length ? 'working' : 'rest'
}

/**
 * A click on a day: a working day becomes a holiday and back; a rest day (a weekend) becomes a 调休 working day and
 * back. Returns a new calendar; the one given is left as it was (the page keeps the saved one to compare).
 */
export function toggleDay(calendar, day) {
  const without = (list) => list.filter((d) => d !== day)
  const state = dayState(calendar, day)
  const next = { ...calendar, holidays: without(calendar.holidays), extra_working_days: without(calendar.extra_working_days) }
  if (state === 'working') next.holidays = [...next.holidays, day].sort()
  if (state === 'rest') next.extra_working_days = [...next.extra_working_days, day].sort()
  // a holiday or a 调休 day clicked again is in neither list: the weekday's own hours apply again
  return next
}

/** "08:30-12:00, 13:30-17:30" for a day's windows; "" for a day off. */
export function windowsText(windows) {
  return (windows || []).map((w) => `${w.start}-${w.end}`).join(', ')
}

const WINDOW = /^([01]\d|2[0-3]):[0-5]\d$/

/**
 * The text a person typed back into windows; null when a part is not HH:MM-HH:MM. Ordering and overlaps are
 * ticketing's to judge (it names the field), so they are not checked twice here.
 */
export function parseWindows(text) {
  const parts = String(text ?? '').split(/[,，、;；]/).map((p) => p.trim()).filter(Boolean)
  const windows = []
  for (const part of parts) {
    const [start, end, ...rest] = part.split(/\s*[-–~～至]\s*/)
    if (rest.length || !WINDOW.test(start || '') || !WINDOW.test(end || '')) return null
    windows.push({ start, end })
  }
  return windows
}

/** 2500 fen -> "25.00" for an input a person edits in yuan; "" when there is no price yet. */
export function fenToYuan(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  const value = BigInt(fen)
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`
}

/**
 * A service's refusal by field: 422s through the desk's reader, and identity's 409 for a taken username, which
 * names its field the same way ({"username": ["already used"]}).
 */
export function problemFields(error) {
  if (error?.status === 409 && error.body?.errors) return fieldErrors({ status: 422, body: error.body })
  return fieldErrors(error)
}

/** The roles a person holds in this project, for the table and the role editor. */
export function projectRoles(person, projectId) {
  return person.roles.filter((r) => r.project_id === projectId).map((r) => r.role)
}
