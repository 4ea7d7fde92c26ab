// The desk's back-office rules on the page (客户通知, 满意度调查, 日报/周报, 回复口径), kept out of the views so they
// can be unit tested: who may press which button (mirroring desk's scopes and roles and identity's role-to-scope
// table; desk refuses anyway), the request bodies the forms send, and the report's and results' rows.

/** identity gives desk:write to these roles (DESK_WORKERS); HQ roles read only. */
export const DESK_WRITERS = ['cs_assistant', 'cs_administrator', 'cs_supervisor', 'duty_officer', 'project_manager',
                             'security', 'security_supervisor']
/** desk's api_notices.APPROVER_ROLES: the manager answers for what goes out under the office's name. */
export const NOTICE_APPROVERS = ['project_manager']
/** desk's api_surveys.CAMPAIGN_ROLES. */
export const CAMPAIGN_ROLES = ['project_manager', 'cs_supervisor', 'cs_administrator']
/** desk's api_answers.EDITORS (the project's answers) and HQ_EDITORS (the company's, with the hq claim). */
export const ANSWER_EDITORS = ['cs_supervisor', 'cs_administrator', 'project_manager']
export const HQ_ANSWER_EDITORS = ['hq_admin', 'hq_general_manager', 'hq_management_representative']

const holds = (me, roles) => (me?.roles || []).some((role) => roles.includes(role))

/** What the signed-in person may do on these tabs; `me` is the console's /api/me. */
export function permissions(me) {
  const write = holds(me, DESK_WRITERS)
  return {
    write,
    approveNotices: write && holds(me, NOTICE_APPROVERS),
    createCampaigns: write && holds(me, CAMPAIGN_ROLES),
    editAnswers: write && holds(me, ANSWER_EDITORS),
    hqAnswers: Boolean(me?.hq),
    editHqAnswers: Boolean(me?.hq) && holds(me, HQ_ANSWER_EDITORS),
  }
}

/**
 * The buttons a notice shows now, by its status (desk's state machine) and the person: the author never
 * decides on their own notice (own_notice).
 */
export function noticeActions(notice, me) {
  const can = permissions(me)
  const mine = notice.created_by === me?.person_id
  const actions = []
  if (notice.status === 'draft' && can.write) actions.push('edit', 'submit')
  if (notice.status === 'submitted' && can.approveNotices && !mine) actions.push('approve', 'refuse')
  if (notice.status === 'approved' && can.write) actions.push('publish')
  if (notice.status === 'published' && can.write) actions.push('archive')
  return actions
}

export const NOTICE_CATEGORIES = ['reminder', 'outage', 'works', 'safety', 'fees', 'community', 'other']
export const NOTICE_STATUSES = ['draft', 'submitted', 'approved', 'published', 'archived']

/** A blank notice form, or one filled from a stored notice for editing. */
export function noticeForm(notice = null) {
  return {
    title: notice?.title || '', body: notice?.body || '', category: notice?.category || 'reminder',
    audience: notice?.audience || 'all', buildings: [...(notice?.buildings || [])],
    channels: [...(notice?.channels || ['message', 'print'])], ends_at: '',
  }
}

/** The form's own checks (field -> i18n key) before anything is sent. */
export function checkNotice(form) {
  const errors = {}
  if (!form.title.trim()) errors.title = 'desk.errors.required'
  if (!form.body.trim()) errors.body = 'desk.errors.required'
  if (form.audience === 'buildings' && !form.buildings.length) errors.buildings = 'desk.notices.pickBuildings'
  if (!form.channels.length) errors.channels = 'desk.errors.required'
  return errors
}

/** The body desk takes: buildings only when the notice goes to some of them (desk refuses them with "all"). */
export function noticeBody(form, endsAt = null) {
  return {
    title: form.title.trim(), body: form.body.trim(), category: form.category, audience: form.audience,
    buildings: form.audience === 'buildings' ? [...new Set(form.buildings)] : [], channels: [...form.channels],
    ...(endsAt ? { ends_at: endsAt } : {}),
  }
}

/** "3 / 2" households reached: delivered or sent out of those told, and how many opened it. */
export function noticeReach(counts = {}) {
  const households = counts.households || 0
  const reached = (counts.sent || 0) + (counts.delivered || 0)
  return { households, reached, read: counts.read || 0, failed: counts.failed || 0, queued: counts.queued || 0,
           readRate: households ? Math.round((100 * (counts.read || 0)) / households) : null }
}

export const SURVEY_CATEGORIES = ['customer_service', 'maintenance', 'cleaning', 'landscaping', 'security', 'parking',
                                  'facilities']
const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/

/** The share typed as a percentage (20 → "0.2"), as desk's decimal string with at most four places; null if wrong. */
export function ratioFromPercent(percent) {
  const value = Number(percent)
  if (!Number.isFinite(value) || value <= 0 || value > 100) return null
  const ratio = Math.round(value * 100) / 10000
  if (ratio <= 0) return null
  return String(ratio)
}

export function checkCampaign(form) {
  const errors = {}
  if (!form.name.trim()) errors.name = 'desk.errors.required'
  if (!MONTH.test(form.period || '')) errors.period = 'desk.surveys.badPeriod'
  if (ratioFromPercent(form.percent) === null) errors.sample_ratio = 'desk.surveys.badPercent'
  if (!form.categories.length) errors.categories = 'desk.errors.required'
  return errors
}

export function campaignBody(form) {
  return { name: form.name.trim(), period: form.period, sample_ratio: ratioFromPercent(form.percent),
           categories: [...form.categories], answer_days: Number(form.answer_days) || 14 }
}

/** A paper form's ratings: every category of the campaign scored; the categories still unscored otherwise. */
export function missingRatings(ratings, categories) {
  return categories.filter((category) => !(ratings[category] >= 1 && ratings[category] <= 5))
}

/** Each score's share of a category's answers, 5 (很满意) first, for the results' bars. */
export function distributionRows(category) {
  const count = category.count || 0
  return [5, 4, 3, 2, 1].map((score) => {
    const n = category.distribution?.[String(score)] || 0
    return { score, n, percent: count ? Math.round((100 * n) / count) : 0 }
  })
}

function zoneParts(date, timeZone) {
  return Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit',
                                                              day: '2-digit' })
    .formatToParts(date).map((p) => [p.type, p.value]))
}

/** The project's day (YYYY-MM-DD) at an instant: the report's day is the estate's, not the browser's. */
export function zoneDay(date = new Date(), timeZone = 'Asia/Shanghai') {
  const p = zoneParts(date, timeZone)
  return `${p.year}-${p.month}-${p.day}`
}

/** The project's month (YYYY-MM): a campaign's period and the results' default. */
export function zoneMonth(date = new Date(), timeZone = 'Asia/Shanghai') {
  return zoneDay(date, timeZone).slice(0, 7)
}

/** The ISO week (2026-W49: weeks start on Monday, week 1 holds the year's first Thursday) of a YYYY-MM-DD. */
export function isoWeek(day) {
  const [y, m, d] = day.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  const weekday = date.getUTCDay() || 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday) // the Thursday of this week decides the year
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((date.getTime() - yearStart) / 86400000 + 1) / 7)
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

/** The report's figures, in the order the paper 客服日报 lists them: counts, with a breakdown where desk gives one. */
export const REPORT_SECTIONS = {
  came_in: ['tickets', 'parcels', 'phone_messages', 'held_items', 'key_sign_outs'],
  still_open: ['tickets_unfinished', 'parcels_waiting', 'parcels_unclaimed', 'phone_messages_unacknowledged',
               'held_items', 'keys_out_now', 'keys_overdue_now'],
  handed_over: ['shift_handovers', 'key_counts', 'key_counts_with_findings', 'keys_handed_to_owners'],
}

export function reportRows(report) {
  return Object.entries(REPORT_SECTIONS).map(([section, names]) => ({
    section,
    rows: names.map((name) => ({ name, value: report?.[section]?.[name] ?? 0,
                                 byKind: Object.entries(report?.[section]?.[name + '_by_kind'] || {})
                                   .filter(([, n]) => n) })),
  }))
}

/** An answer form's lists typed one a line (常见问法) or separated by commas/spaces (关键词). */
export function lines(text) {
  return String(text || '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean)
}
export function words(text) {
  return [...new Set(String(text || '').split(/[\s,，、;；]+/).map((w) => w.trim()).filter(Boolean))]
}

export function answerForm(answer = null) {
  return { title: answer?.title || '', topic: answer?.topic || 'other', answer: answer?.answer || '',
           questions: (answer?.questions || []).join('\n'), keywords: (answer?.keywords || []).join('，') }
}

export function checkAnswer(form) {
  const errors = {}
  for (const name of ['title', 'answer']) if (!form[name].trim()) errors[name] = 'desk.errors.required'
  return errors
}

/** The body of a create (no version) or an edit (on the version read: desk refuses it if changed since). */
export function answerBody(form, version = null) {
  return { title: form.title.trim(), topic: form.topic, answer: form.answer.trim(), questions: lines(form.questions),
           keywords: words(form.keywords), ...(version ? { version } : {}) }
}

/**
 * The buttons an answer shows to an editor: a project sees the company's answers but only HQ changes them
 * (company_answer); a retired one is published again before it is edited (answer_retired).
 */
export function answerActions(answer, { canEdit, scope }) {
  if (!canEdit || answer.scope !== scope) return []
  if (answer.status === 'retired') return ['publish']
  if (answer.status === 'draft') return ['edit', 'publish', 'retire']
  return ['edit', 'retire']
}
