// The approvals inbox 待审批 (issue 17, item 1): what waits for this person's decision, gathered from the services
// that own each kind, as one list with why it is here and what approving it allows. Pure rules, tested in vitest;
// the services decide again on every call (a button shown here is never the permission).
import { formatMoney } from './format.js'
import { readsOnly } from './readOnly.js'
import { HQ_ROLES } from './roles.js'

export const APPROVAL_ROLES = ['project_manager', 'cs_supervisor', 'engineering_supervisor', 'finance_clerk',
  'hq_general_manager', 'hq_management_representative', 'hq_auditor']
const PAGE = { page_size: 200 } // the services' largest page: an inbox longer than this is a backlog to see whole

// Each kind, where its waiting items are listed, and who is shown them. `level`: the lowest SLA escalation level
// (1 supervisor, 2 project manager, 3 HQ) a role owes attention to.
export const SOURCES = [
  { kind: 'non_conformance', roles: ['project_manager'], service: 'ticketing', path: 'non-conformance',
    query: { status: 'awaiting_approval', ...PAGE } },
  { kind: 'non_conformance', roles: HQ_ROLES, hq: true, service: 'ticketing',
    path: 'hq/non-conformance/awaiting-approval', query: PAGE },
  { kind: 'borrowing', roles: ['project_manager'], service: 'identity', path: 'borrowing-requests',
    query: { status: 'pending', ...PAGE } },
  { kind: 'important_event', roles: ['project_manager'], service: 'identity', path: 'important-events',
    query: { status: 'submitted', ...PAGE } },
  { kind: 'notice', roles: ['project_manager'], service: 'desk', path: 'notices', query: { status: 'submitted', ...PAGE } },
  { kind: 'held_charge', roles: ['project_manager', 'finance_clerk', 'cs_supervisor'], service: 'billing',
    path: 'charges', query: { status: 'held', ...PAGE } },
  { kind: 'quote', roles: ['project_manager'], service: 'billing', path: 'quotes', query: { status: 'sent', ...PAGE } },
  { kind: 'escalation', roles: ['project_manager', 'cs_supervisor', 'engineering_supervisor'], service: 'ticketing',
    path: 'tickets', query: { open: true, breached: true, page_size: 100 } },
  { kind: 'escalation', roles: HQ_ROLES, hq: true, service: 'ticketing', path: 'hq/escalations',
    query: { state: 'open', level: 3, ...PAGE } },
]

/** The sources this person reads: by role, and HQ's cross-project lists only for an HQ sign-in. */
export function sourcesFor(me) {
  const roles = new Set(me?.roles || [])
  return SOURCES.filter((source) => Boolean(source.hq) === Boolean(me?.hq) && source.roles.some((r) => roles.has(r)))
}

/** The escalation level a person answers for: a project manager from level 2, supervisors from 1, HQ at 3. */
export function escalationFloor(roles) {
  if (roles.some((r) => HQ_ROLES.includes(r))) return 3
  if (roles.includes('project_manager')) return 2
  return 1
}


/**
 * Where an item's 查看 leads: the ticket's page, which for an HQ person's item of another project reads it through
 * ticketing's /hq/tickets/{id}?project= (the project's own read would answer 404 to a token of another project).
 */
export function ticketLink(ticketId, project, me) {
  if (!ticketId) return null
  return project && project !== me?.tenant_id ? { path: `/tickets/${ticketId}`, query: { project } } : `/tickets/${ticketId}`
}

// Per kind: how an item of the service's list reads in the inbox, and the calls its decisions make.
// `t` is vue-i18n's translate; `me` the signed-in person ({person_id, name, roles, hq}).
const KINDS = {
  non_conformance(record, me, t) {
    const loss = record.analysis?.loss_fen ?? 0
    const ours = (me.roles || []).includes(record.approver)
    const project = record.project
    return {
      id: record.id, project, at: record.created_at, link: ticketLink(record.ticket_id, project, me),
      title: t('approvals.nc.title', { unit: record.unit_id || '—' }),
      why: record.approver === 'project_manager'
        ? t('approvals.nc.whyManager', { loss: formatMoney(loss), threshold: formatMoney(record.threshold_fen ?? 0) })
        : t('approvals.nc.whyHq', { loss: formatMoney(loss), threshold: formatMoney(record.threshold_fen ?? 0) }),
      allows: t('approvals.nc.allows', { action: record.corrective_action || '—' }),
      owner: ours ? null : t('roles.' + record.approver),
      decisions: ours ? [{ action: 'approve', service: 'ticketing', path: `non-conformance/${record.id}/approve`,
        query: project ? { project } : undefined, body: () => undefined }] : [],
    }
  },
  borrowing(request, me, t) {
    return {
      id: request.id, at: request.created_at,
      title: t('approvals.borrowing.title', { who: request.requester, role: t('roles.' + request.requester_role) }),
      why: t('approvals.borrowing.why', { purpose: request.purpose, type: t('approvals.borrowing.types.' + request.type) }),
      allows: t('approvals.borrowing.allows', { fields: (request.fields || []).join('、'),
        from: (request.valid_from || '').slice(0, 10), until: (request.valid_until || '').slice(0, 10) }),
      extra: request.proof_of_authority ? t('approvals.borrowing.proof', { proof: request.proof_of_authority }) : null,
      owner: request.requester === me.person_id ? t('approvals.notOwn') : null,
      decisions: request.requester === me.person_id ? [] : [
        { action: 'approve', takesReason: true, service: 'identity', path: `borrowing-requests/${request.id}/approve`,
          body: (reason) => ({ note: reason || '' }) },
        { action: 'refuse', needsReason: true, service: 'identity', path: `borrowing-requests/${request.id}/reject`,
          body: (reason) => ({ note: reason }) },
      ],
    }
  },
  important_event(event, me, t) {
    return {
      id: event.id, at: event.created_at,
      title: t('approvals.event.title', { kind: t('approvals.event.kinds.' + event.kind), unit: event.unit_id || '—' }),
      why: t('approvals.event.why', { who: event.recorded_by }),
      allows: t('approvals.event.allows'),
      decisions: [
        { action: 'approve', takesReason: true, service: 'identity', path: `important-events/${event.id}/file`,
          body: (reason) => ({ note: reason || '' }) },
        { action: 'refuse', needsReason: true, service: 'identity', path: `important-events/${event.id}/return`,
          body: (reason) => ({ note: reason }) },
      ],
    }
  },
  notice(notice, me, t) {
    const audience = notice.audience === 'buildings' && notice.buildings?.length
      ? t('approvals.notice.buildings', { buildings: notice.buildings.join('、') }) : t('approvals.notice.everyone')
    return {
      id: notice.id, at: notice.submitted_at || notice.created_at,
      title: t('approvals.notice.title', { title: notice.title }),
      why: t('approvals.notice.why', { who: notice.created_by }),
      allows: t('approvals.notice.allows', { audience }),
      decisions: [
        { action: 'approve', service: 'desk', path: `notices/${notice.id}/approve`,
          body: () => (me.name ? { approver_name: me.name } : {}) },
        { action: 'refuse', needsReason: true, service: 'desk', path: `notices/${notice.id}/refuse`,
          body: (reason) => ({ reason }) },
      ],
    }
  },
  held_charge(charge, me, t) {
    const reason = charge.hold_reason || 'unknown'
    return {
      id: charge.id, at: charge.created_at, link: charge.ticket_id ? `/tickets/${charge.ticket_id}` : null,
      title: t('approvals.charge.title', { unit: charge.unit_id || '—', amount: formatMoney(charge.amount_fen ?? 0) }),
      why: t('approvals.charge.why', { reason: t('approvals.charge.reasons.' + reason, reason) }),
      allows: t('approvals.charge.allows'),
      // A charge held for want of a unit is released from the cashier, where the unit is chosen.
      decisions: reason === 'missing_unit_id' ? [] : [
        { action: 'approve', needsReason: true, service: 'billing', path: `charges/${charge.id}/release`,
          body: (why) => ({ reason: why }) },
        { action: 'refuse', needsReason: true, service: 'billing', path: `charges/${charge.id}/cancel`,
          body: (why) => ({ reason: why }) },
      ],
    }
  },
  quote(quote, me, t) {
    return {
      id: quote.id, at: quote.created_at, link: `/tickets/${quote.ticket_id}`,
      title: t('approvals.quote.title', { unit: quote.unit_id || '—', version: quote.current_version }),
      why: t('approvals.quote.why'), allows: t('approvals.quote.allows'),
      owner: t('approvals.quote.owner'), decisions: [],
    }
  },
  escalation(ticket, me, t) {
    return {
      id: ticket.id, project: ticket.project, at: ticket.created_at, link: ticketLink(ticket.id, ticket.project, me),
      title: t('approvals.escalation.title', { title: ticket.title || ticket.id, unit: ticket.unit_id || '—' }),
      why: t('approvals.escalation.why', { level: ticket.escalation_level }),
      allows: t('approvals.escalation.allows'), decisions: [],
    }
  },
}

/** One source's answer as inbox items, for this person; a decision a read-only person may not take is not offered. */
export function itemsOf(source, payload, me, t) {
  let rows = payload?.items || []
  if (source.kind === 'escalation') {
    const floor = escalationFloor(me.roles || [])
    rows = rows.filter((ticket) => (ticket.escalation_level || 0) >= floor)
  }
  const readOnly = readsOnly(me.roles)
  return rows.map((row) => {
    const item = KINDS[source.kind](row, me, t)
    return { ...item, kind: source.kind, key: `${source.kind}:${item.project || ''}:${item.id}`,
      decisions: readOnly ? [] : item.decisions }
  })
}

/** Oldest first: what has waited longest is decided first. Items someone else decides go after this person's. */
export function ordered(items) {
  return [...items].sort((a, b) => (a.decisions.length ? 0 : 1) - (b.decisions.length ? 0 : 1)
    || String(a.at || '').localeCompare(String(b.at || '')))
}

/** Whether any of an item's decisions carries a written reason (a refusal must; an approval may). */
export const takesReason = (item) => item.decisions.some((d) => d.needsReason || d.takesReason)

/** How many wait for this person's own decision: the nav's count. */
export const actionable = (items) => items.filter((item) => item.decisions.length).length

// Events after which the inbox is read again: the services' own, and the console's pings of decisions taken.
const REFRESH_ON = ['ticketing.non_conformance.', 'ticketing.sla.breached', 'ticketing.complaint.resolved',
  'billing.charge.', 'billing.quote.', 'desk.notice.', 'console.approvals.']
export const refreshesInbox = (event) => REFRESH_ON.some((prefix) => (event?.type || '').startsWith(prefix))
