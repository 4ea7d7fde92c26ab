// Renovation 装修 on the page (issue 16): who may press which button, the bodies the forms send, the status words and
// which live events make a screen read again. Kept out of the views so they can be unit tested.
//
// The role lists MIRROR the renovation service's domain (services/renovation/renovation/domain: applications.py
// CS_ROLES, ENGINEERING_ROLES, MANAGER_ROLES; patrols.py PATROL_ROLES; works.py HOT_WORK_APPROVERS,
// EXTENSION_APPROVERS; completion.py INSPECTORS) and identity's role-to-scope table (domain/scopes.py:
// RENOVATION_WORKERS get renovation:write). A button shows only when both allow it; renovation decides again on every
// call.

export const CS_ROLES = ['cs_assistant', 'cs_administrator', 'cs_supervisor', 'project_manager']
export const ENGINEERING_ROLES = ['engineering_supervisor', 'technician']
export const MANAGER_ROLES = ['project_manager']
export const WRITERS = [...CS_ROLES, ...ENGINEERING_ROLES, 'security_supervisor'] // identity's RENOVATION_WORKERS: renovation:write
export const PATROL_ROLES = [...ENGINEERING_ROLES, ...MANAGER_ROLES, 'security_supervisor']
export const HOT_WORK_APPROVERS = PATROL_ROLES
export const EXTENSION_APPROVERS = MANAGER_ROLES
export const INSPECTORS = [...ENGINEERING_ROLES, ...MANAGER_ROLES]
/** Who has the screen in the nav: the workers above (the security supervisor patrols) and HQ's auditor. */
export const RENOVATION_ROLES = [...WRITERS, 'hq_auditor']
/** Who has the phone's patrol page in the nav. */
export const PATROL_PAGE_ROLES = [...PATROL_ROLES, 'hq_auditor']

export const STATUSES = ['submitted', 'cs_checked', 'drawings_checked', 'approved', 'permitted', 'completed', 'returned']
export const PAPERS = ['application_form', 'owner_id', 'property_proof', 'authorisation', 'contractor_licence',
  'contractor_qualification', 'drawings', 'agreement', 'commitment']
export const SCOPE_ITEMS = ['walls', 'flooring', 'ceiling', 'electrical', 'plumbing', 'wet_area', 'doors_windows',
  'balcony', 'painting', 'other']
export const FLAGS = ['load_bearing_wall', 'facade', 'wet_area_plumbing', 'balcony_enclosure', 'extension', 'gas']
export const VIOLATION_KINDS = ['illegal_building', 'load_bearing_wall', 'facade', 'wet_area', 'hot_work', 'hours',
  'debris', 'other']

const holds = (me, roles) => (me?.roles || []).some((role) => roles.includes(role))

/** What the signed-in person may do (`me` is the console's /api/me). */
export function permissions(me) {
  const write = holds(me, WRITERS)
  const and = (roles) => write && holds(me, roles)
  return {
    write, cs: and(CS_ROLES), engineering: and(ENGINEERING_ROLES), manager: and(MANAGER_ROLES),
    patrol: and(PATROL_ROLES), hotWork: and(HOT_WORK_APPROVERS), extension: and(EXTENSION_APPROVERS),
    inspect: and(INSPECTORS),
  }
}

// The review step each status waits for, and who takes it (applications.py STEP_OF_STATUS and TRANSITIONS).
const STEP_OF_STATUS = { submitted: 'completeness', cs_checked: 'drawings', drawings_checked: 'approval' }
const STEP_TAKERS = { completeness: 'cs', drawings: 'engineering', approval: 'manager' }

/** The review step the application waits for now, or null. */
export const stepOf = (application) => STEP_OF_STATUS[application?.status] || null

/**
 * The application's next buttons for this person: `review` (the step's pass / refuse), `resubmit` after a refusal,
 * the permit's work (`passes`, `requests`, `completion`) and the acceptance `inspect`.
 */
export function applicationActions(application, me) {
  const can = permissions(me)
  const actions = []
  const step = stepOf(application)
  if (step && can[STEP_TAKERS[step]]) actions.push('review')
  if (application?.status === 'returned' && can.cs) actions.push('resubmit')
  if (application?.status === 'permitted') {
    if (can.cs) actions.push('passes')
    if (can.write) actions.push('requests')
    if (can.patrol) actions.push('patrol')
    const completion = application.completion
    if (can.write && (!completion || completion.status === 'refused')) actions.push('completion')
    if (can.inspect && completion?.status === 'requested') actions.push('inspect')
  }
  return actions
}

/** A pass's buttons: an active one is handed back or revoked at the CS centre. */
export const passActions = (pass, me) => (pass?.status === 'active' && permissions(me).cs ? ['return', 'revoke'] : [])

/** A hot-work or extension request's decision buttons, for its approvers while it waits. */
export function requestActions(asked, kind, me) {
  const can = permissions(me)
  const may = kind === 'hot_work' ? can.hotWork : can.extension
  return asked?.status === 'requested' && may ? ['pass', 'refuse'] : []
}

/** A violation's follow-ups: open → rectified or escalated by a patroller; escalated → rectified by the manager. */
export function violationActions(violation, me) {
  const can = permissions(me)
  if (violation?.status === 'open' && can.patrol) return ['rectified', 'escalated']
  if (violation?.status === 'escalated' && can.patrol && can.manager) return ['rectified']
  return []
}

// ---------------------------------------------------------------------------------------------- forms → bodies

/** A blank application form, or one filled from a returned application for its resubmission. */
export function applicationForm(application = null, today = '') {
  return {
    unit_id: application?.unit_id || '',
    applicant_kind: application?.applicant?.kind || 'owner',
    applicant_name: application?.applicant?.name || '', applicant_phone: application?.applicant?.phone || '',
    owner_name: application?.owner_name || '',
    company: application?.contractor?.company || '', licence_number: application?.contractor?.licence_number || '',
    contractor_name: application?.contractor?.name || '', contractor_phone: application?.contractor?.phone || '',
    scope_items: [...(application?.scope?.items || [])], scope_description: application?.scope?.description || '',
    planned_start: application?.planned_start || today, planned_end: application?.planned_end || '',
    hours_start: application?.working_hours?.start || '08:00', hours_end: application?.working_hours?.end || '18:00',
    workers_planned: application?.workers_planned || 1,
    papers: Object.fromEntries((application?.attachments || []).map((a) => [a.kind, a.ref])),
    note: application?.note || '',
  }
}

const text = (value) => String(value ?? '').trim()
const optional = (key, value) => (text(value) ? { [key]: text(value) } : {})

/** The POST /applications (or /resubmit) body; the unit only for a new one. Empty optional fields are left out. */
export function applicationBody(form, { withUnit = true } = {}) {
  const agent = form.applicant_kind === 'agent'
  return {
    ...(withUnit ? { unit_id: text(form.unit_id) } : {}),
    applicant: { kind: form.applicant_kind, name: text(form.applicant_name), ...optional('phone', form.applicant_phone) },
    ...(agent ? optional('owner_name', form.owner_name) : {}),
    contractor: { company: text(form.company), ...optional('licence_number', form.licence_number),
                  name: text(form.contractor_name), phone: text(form.contractor_phone) },
    scope: { items: [...form.scope_items], ...optional('description', form.scope_description) },
    planned_start: form.planned_start, planned_end: form.planned_end,
    working_hours: { start: form.hours_start, end: form.hours_end },
    workers_planned: Number(form.workers_planned),
    attachments: PAPERS.filter((kind) => text(form.papers[kind])).map((kind) => ({ kind, ref: text(form.papers[kind]) })),
    ...optional('note', form.note),
  }
}

/** The form's own checks (field → i18n key) before anything is sent; renovation checks the rest (dates, hours). */
export function checkApplication(form, { withUnit = true } = {}) {
  const errors = {}
  const required = ['applicant_name', 'company', 'contractor_name', 'contractor_phone', 'planned_start', 'planned_end']
  for (const field of withUnit ? ['unit_id', ...required] : required) if (!text(form[field])) errors[field] = 'renovation.errors.required'
  if (form.applicant_kind === 'agent' && !text(form.owner_name)) errors.owner_name = 'renovation.errors.required'
  if (!form.scope_items.length) errors.scope_items = 'renovation.errors.required'
  if (!(Number(form.workers_planned) >= 1)) errors.workers_planned = 'renovation.errors.required'
  return errors
}

/** A review decision: the step, pass or refuse (with its reason), engineering's flags on the drawings only. */
export function reviewBody(step, decision, { reason = '', flags = [] } = {}) {
  return {
    step, decision,
    ...(decision === 'refuse' ? { reason: text(reason) } : {}),
    ...(step === 'drawings' && decision === 'pass' && flags.length ? { flags: [...flags] } : {}),
  }
}

/** A patrol: the findings and each violation found (kind, description, deadline); blank violation rows dropped. */
export function patrolBody(form) {
  return {
    findings: text(form.findings),
    violations: form.violations.filter((v) => text(v.description))
      .map((v) => ({ kind: v.kind, description: text(v.description), deadline: v.deadline })),
  }
}

/** The acceptance: pass with deductions (yuan typed → fen), or refuse with its reason. */
export function inspectionBody(decision, { reason = '', deductions = [] } = {}) {
  if (decision === 'refuse') return { decision, reason: text(reason) }
  return {
    decision,
    deductions: deductions.filter((d) => d.violation_id && text(d.amount))
      .map((d) => ({ violation_id: d.violation_id, amount_fen: yuanToFen(d.amount), reason: text(d.reason) })),
  }
}

/** 500 or 500.5 yuan → fen as an integer, without floating-point rounding; NaN for anything else. */
export function yuanToFen(value) {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text(value))
  return match ? Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0')) : Number.NaN
}

/** The refund the acceptance will ask for, as the screen previews it: deposit less the deductions typed. */
export function refundPreview(depositFen, deductions) {
  const deducted = deductions.reduce((sum, d) => sum + (Number.isNaN(yuanToFen(d.amount)) ? 0 : yuanToFen(d.amount)), 0)
  return { deposit_fen: depositFen, deducted_fen: deducted, refund_fen: Math.max(0, depositFen - deducted) }
}

/** The deposit among the fee lines (fees.py's `deposit`). */
export const depositFen = (application) => (application?.fees?.lines || [])
  .filter((line) => line.fee === 'deposit').reduce((sum, line) => sum + line.quantity * line.unit_price_fen, 0)

/** Where the fees stand: asked of billing, charged (a slip number), paid, or not yet asked. */
export function feeState(application) {
  const fees = application?.fees
  if (!fees) return 'none'
  if (fees.paid_fen >= fees.total_fen && fees.total_fen > 0) return 'paid'
  if (fees.paid_fen > 0) return 'part_paid'
  return fees.charge_id ? 'charged' : 'requested'
}

/** The element-plus tag type of an application's status. */
export const STATUS_TAGS = { submitted: 'info', cs_checked: 'warning', drawings_checked: 'warning', approved: 'primary',
  permitted: 'success', completed: 'info', returned: 'danger' }

// ---------------------------------------------------------------------------------------------- live updates

// renovation announces the permit issued or extended and the deposit's refund; the console pings everything else
// written through it (console.renovation.changed, api.py RENOVATION_PATH).
const LIVE = ['renovation.', 'console.renovation.']
export const refreshesRenovation = (event) => LIVE.some((prefix) => (event?.type || '').startsWith(prefix))
