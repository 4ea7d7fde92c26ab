// The front desk's rules on the page, kept out of the views so they can be unit tested: what desk's refusals
// and field errors say, a person's proof, a key's state, the shift count's result, the unit type-ahead, times
// typed in the project's zone, and which live events concern which register.
import { PHONE } from './kinds.js'

/** desk's 409 reason codes the desk screens explain in words (desk.reasons.* in i18n). */
export const REASONS = [
  'holder_not_authorised', 'no_authorisation', 'authorisation_expired', 'staff_only', 'key_already_out', 'key_not_out',
  'not_an_owner_key', 'wrong_pickup_code', 'parcel_locked', 'already_picked_up', 'not_locked', 'parcel_changed',
  'already_delivered', 'not_the_addressee', 'message_changed', 'already_returned',
  // move-in 入伙
  'not_started', 'cancelled', 'already_started', 'already_finished', 'step_already_done', 'fees_outstanding',
  'waiver_not_allowed', 'key_not_on_hook', 'key_handed_over', 'not_the_current_owner', 'steps_missing',
  'changed_meanwhile', 'identity_not_found',
  // notices 客户通知, surveys 满意度调查, standard answers 回复口径
  'not_a_draft', 'not_submitted', 'own_notice', 'not_approved', 'notice_ended', 'not_published', 'already_archived',
  'notice_changed', 'no_households', 'already_answered', 'not_sampled', 'campaign_closed', 'version_conflict',
  'answer_retired', 'company_answer', 'already_published', 'already_retired',
]

/** A refused action (409) as {code, attemptsLeft}; null for anything else (a network error, a 422, ...). */
export function refusal(error) {
  const code = error?.status === 409 ? error.body?.reason_code : null
  if (!code) return null
  return { code: REASONS.includes(code) ? code : 'other', attemptsLeft: error.body?.attempts_left ?? null,
           missingSteps: error.body?.missing_steps || [], detail: error.detail || '' }
}

/**
 * desk's 422 errors ({"holder.id_last4": [...]}) by the form's own field names: `prefix` is the body's nesting
 * the form flattens (a sign-out's holder.name is the form's `name`).
 */
export function fieldErrors(error, prefix = '') {
  const errors = error?.status === 422 ? error.body?.errors : null
  if (!errors) return {}
  return Object.fromEntries(Object.entries(errors).map(([path, messages]) => [
    prefix && path.startsWith(prefix + '.') ? path.slice(prefix.length + 1) : path,
    Array.isArray(messages) ? messages.join('; ') : String(messages)]))
}

const ID_LAST4 = /^[0-9A-Za-z]{4}$/

/** One field for "ID last 4 or phone", as on the paper form: four characters are an ID's, longer a phone. */
export function proofOf(text) {
  const value = String(text || '').trim()
  if (ID_LAST4.test(value)) return { id_last4: value.toUpperCase() }
  if (PHONE.test(value)) return { phone: value }
  return null
}

/** A person at the desk as desk takes it: name plus one proof. */
export function person(name, proofText) {
  return { name: String(name || '').trim(), ...(proofOf(proofText) || {}) }
}

/** The form's own checks before anything is sent: {field: i18n key} for each field that is wrong. */
export function checkForm(form, { required = [], proofs = [], phones = [], units = [], knownUnits = null } = {}) {
  const errors = {}
  for (const name of required) if (!String(form[name] ?? '').trim()) errors[name] = 'desk.errors.required'
  for (const name of proofs) if (!errors[name] && !proofOf(form[name])) errors[name] = 'desk.errors.proof'
  for (const name of phones) if (form[name] && !PHONE.test(String(form[name]).trim())) errors[name] = 'desk.errors.phone'
  for (const name of units) {
    const unit = String(form[name] || '').trim()
    if (unit && knownUnits && knownUnits.length && !knownUnits.includes(unit)) errors[name] = 'desk.errors.unit'
  }
  return errors
}

/** in (on its hook), out, or overdue (out past its expected return). */
export function keyState(key) {
  if (key.status !== 'out') return 'in'
  return key.overdue ? 'overdue' : 'out'
}

const KEY_ORDER = { overdue: 0, out: 1, in: 2 }

/** Overdue first (someone must chase them), then out, then on the hook by hook number. */
export function sortKeys(keys) {
  return [...keys].sort((a, b) => (KEY_ORDER[keyState(a)] - KEY_ORDER[keyState(b)])
    || String(a.hook).localeCompare(String(b.hook), 'zh-CN', { numeric: true }))
}

/** The groups of a shift count to show, the ones that need action first; empty groups are left out. */
export const COUNT_GROUPS = ['missing', 'present_while_out', 'overdue', 'out', 'present']
export function countGroups(result) {
  return COUNT_GROUPS.map((group) => ({ group, keys: result?.[group] || [] })).filter((g) => g.keys.length)
}

/** A unit id typed quickly: "1 2 201", "1/2/201" or "1-2-201" all mean 1-2-201. */
export function normaliseUnit(text) {
  return String(text || '').trim().replace(/[\s/_.，,、]+/g, '-').replace(/-+/g, '-')
}

/** The project's units matching what is typed: exact first, then those starting with it, then containing it. */
export function matchUnits(unitIds, text, limit = 20) {
  const query = normaliseUnit(text)
  if (!query) return unitIds.slice(0, limit)
  const bare = query.replace(/-/g, '')
  const rank = (id) => {
    if (id === query) return 0
    if (id.startsWith(query)) return 1
    if (id.includes(query)) return 2
    if (id.replace(/-/g, '').includes(bare)) return 3
    return 9
  }
  return unitIds.map((id) => [rank(id), id]).filter(([r]) => r < 9)
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1], 'zh-CN', { numeric: true }))
    .slice(0, limit).map(([, id]) => id)
}

function zoneParts(date, timeZone) {
  return Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]))
}

/** The value of an <input type="datetime-local"> (YYYY-MM-DDTHH:mm) showing an instant on the project's clock. */
export function toZoneInput(value, timeZone = 'Asia/Shanghai') {
  const date = value instanceof Date ? value : new Date(value)
  const p = zoneParts(date, timeZone)
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}

/**
 * The instant (ISO, with its zone) a YYYY-MM-DDTHH:mm typed on the project's clock means, whatever the browser's
 * own zone: desk wants an aware time, and a bare 09:00 would be the browser's guess. Null when not a time.
 */
export function fromZoneInput(text, timeZone = 'Asia/Shanghai') {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(String(text || ''))
  if (!match) return null
  const [y, mo, d, h, mi] = match.slice(1).map(Number)
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  let instant = wall
  for (let i = 0; i < 2; i += 1) { // the zone's offset at the instant (twice: it may change across a DST edge)
    const p = zoneParts(new Date(instant), timeZone)
    const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute)
    instant += wall - shown
  }
  return Number.isNaN(instant) ? null : new Date(instant).toISOString()
}

/** Now plus some hours, to the next 5 minutes: the expected return a sign-out starts with. */
export function inHours(hours, now = new Date()) {
  const step = 5 * 60 * 1000
  return new Date(Math.ceil((now.getTime() + hours * 3600 * 1000) / step) * step)
}

// desk's own events: a notice published or archived, a survey sampled or answered (by SMS too, through
// notifications) reach every desk of the project; the other changes come as the console's pings.
const EVENT_REGISTERS = { 'desk.parcel.received': 'parcels', 'desk.key.overdue': 'keys',
                          'desk.notice.published': 'notices', 'desk.notice.archived': 'notices',
                          'desk.survey.sampled': 'surveys', 'desk.survey.answered': 'surveys' }
const PING_REGISTERS = { keys: 'keys', 'key-counts': 'keys', parcels: 'parcels', 'phone-messages': 'messages',
                         'held-items': 'items', notices: 'notices', 'survey-campaigns': 'surveys' }

/** Which desk screen an event from the stream concerns (keys, parcels, messages, items, notices, surveys), or null. */
export function deskRegister(event) {
  if (EVENT_REGISTERS[event?.type]) return EVENT_REGISTERS[event.type]
  if (event?.type === 'console.desk.changed') return PING_REGISTERS[event.data?.register] || null
  return null
}

/** desk's topics of standard answers 回复口径 (labels in i18n answers.topics). */
export const ANSWER_TOPICS = ['fees', 'parking', 'repairs', 'noise', 'renovation', 'safety', 'pets', 'greening_cleaning',
                              'community_order', 'inquiries', 'other']
