import { describe, expect, it } from 'vitest'
import {
  actionable, escalationFloor, itemsOf, ordered, refreshesInbox, sourcesFor, takesReason, ticketLink,
} from './approvals.js'

const t = (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key)
const source = (kind, hq = false) => sourcesFor({ roles: ['project_manager', 'hq_management_representative'], hq })
  .find((s) => s.kind === kind)
const manager = { person_id: 's-pm', name: '王经理', roles: ['project_manager'], hq: false }

describe('approvals inbox', () => {
  it('reads each kind from the service that owns it, by role, HQ lists only for an HQ sign-in', () => {
    expect(sourcesFor(manager).map((s) => `${s.service}/${s.path}`)).toEqual([
      'ticketing/non-conformance', 'identity/borrowing-requests', 'identity/important-events', 'desk/notices',
      'billing/charges', 'billing/quotes', 'ticketing/tickets'])
    expect(sourcesFor({ roles: ['finance_clerk'] }).map((s) => s.kind)).toEqual(['held_charge'])
    expect(sourcesFor({ roles: ['hq_management_representative'], hq: true }).map((s) => s.path))
      .toEqual(['hq/non-conformance/awaiting-approval', 'hq/escalations'])
    expect(sourcesFor({ roles: ['technician'] })).toEqual([])
  })

  it('offers a non-conformance record only to its approver, and says why the others wait for HQ', () => {
    const payload = { items: [
      { id: 'r1', ticket_id: 'k1', unit_id: '1-1-101', approver: 'project_manager', threshold_fen: 50000, analysis: { loss_fen: 20000 } },
      { id: 'r2', ticket_id: 'k2', unit_id: '1-1-102', approver: 'hq_management_representative', threshold_fen: 50000,
        analysis: { loss_fen: 60000 } }] }
    const [ours, hqs] = itemsOf(source('non_conformance'), payload, manager, t)
    expect(ours.decisions.map((d) => d.path)).toEqual(['non-conformance/r1/approve'])
    expect(takesReason(ours)).toBe(false) // ticketing's approval carries no note: no box to type one in
    expect(hqs.decisions).toEqual([])
    expect(hqs.why).toContain('approvals.nc.whyHq')
    expect(hqs.why).toContain('¥600.00')
    expect(hqs.owner).toBe('roles.hq_management_representative')
  })

  it("names the project on HQ's approve call, and gives an HQ auditor no decision at all", () => {
    const payload = { items: [{ id: 'r2', project: 'p2', ticket_id: 'k2', approver: 'hq_management_representative',
      threshold_fen: 50000, analysis: { loss_fen: 60000 } }] }
    const rep = { person_id: 'h1', roles: ['hq_management_representative'], hq: true }
    const [item] = itemsOf(source('non_conformance', true), payload, rep, t)
    expect(item.decisions[0].query).toEqual({ project: 'p2' })
    const auditor = { person_id: 'h2', roles: ['hq_auditor'], hq: true }
    expect(itemsOf(source('non_conformance', true), { items: [{ ...payload.items[0], approver: 'hq_auditor' }] }, auditor, t)[0].decisions).toEqual([])
  })

  it('never offers a person their own borrowing request, and a refusal carries its reason', () => {
    const payload = { items: [
      { id: 'b1', type: 'borrowing', requester: 's-sec', requester_role: 'security', purpose: '核对车位', fields: ['name'] },
      { id: 'b2', type: 'borrowing', requester: 's-pm', requester_role: 'project_manager', purpose: '自查', fields: [] }] }
    const [theirs, own] = itemsOf(source('borrowing'), payload, manager, t)
    const refuse = theirs.decisions.find((d) => d.action === 'refuse')
    expect(refuse.needsReason).toBe(true)
    expect(refuse.body('资料不全')).toEqual({ note: '资料不全' })
    expect(own.decisions).toEqual([])
    expect(takesReason(theirs)).toBe(true)
  })

  it("approves a notice under the manager's name and sends a refusal's reason to the author", () => {
    const [item] = itemsOf(source('notice'), { items: [{ id: 'n1', title: '停水通知', audience: 'buildings', buildings: ['1'] }] },
      manager, t)
    expect(item.decisions.map((d) => [d.path, d.body('要改')])).toEqual([
      ['notices/n1/approve', { approver_name: '王经理' }], ['notices/n1/refuse', { reason: '要改' }]])
  })

  it('leaves a charge held for want of a unit to the cashier, where the unit is chosen', () => {
    const payload = { items: [{ id: 'c1', unit_id: null, amount_fen: 100, hold_reason: 'missing_unit_id' },
      { id: 'c2', unit_id: '1-1-101', amount_fen: 100, hold_reason: 'charge_differs_from_accepted_quote' }] }
    const [noUnit, differs] = itemsOf(source('held_charge'), payload, manager, t)
    expect(noUnit.decisions).toEqual([])
    expect(differs.decisions.map((d) => d.path)).toEqual(['charges/c2/release', 'charges/c2/cancel'])
    expect(differs.decisions.every((d) => d.needsReason)).toBe(true)
  })

  it("shows each level's escalated tickets: a manager from level 2, a supervisor from 1", () => {
    const payload = { items: [{ id: 'k1', escalation_level: 1 }, { id: 'k2', escalation_level: 2 }] }
    expect(itemsOf(source('escalation'), payload, manager, t).map((i) => i.id)).toEqual(['k2'])
    expect(itemsOf(source('escalation'), payload, { roles: ['cs_supervisor'] }, t).map((i) => i.id)).toEqual(['k1', 'k2'])
    expect(escalationFloor(['hq_general_manager'])).toBe(3)
  })

  it("opens another project's ticket through HQ's read, naming the project; a ticket of mine directly", () => {
    const hq = { roles: ['hq_general_manager'], tenant_id: 'demo', hq: true }
    expect(ticketLink('k1', 'north', hq)).toEqual({ path: '/tickets/k1', query: { project: 'north' } })
    expect(ticketLink('k1', 'demo', hq)).toBe('/tickets/k1')
    expect(ticketLink('k1', undefined, manager)).toBe('/tickets/k1')
    expect(ticketLink(null, 'north', hq)).toBeNull()
    const [item] = itemsOf(source('escalation', true), { items: [{ id: 'k3', project: 'north', escalation_level: 3 }] }, hq, t)
    expect(item.link).toEqual({ path: '/tickets/k3', query: { project: 'north' } })
  })

  it('puts what waits for me first, oldest first, and counts only those', () => {
    const items = [{ key: 'a', at: '2026-12-02T03:00:00Z', decisions: [] },
      { key: 'b', at: '2026-12-02T02:00:00Z', decisions: [{}] }, { key: 'c', at: '2026-12-01T02:00:00Z', decisions: [{}] }]
    expect(ordered(items).map((i) => i.key)).toEqual(['c', 'b', 'a'])
    expect(actionable(items)).toBe(2)
  })

  it('is read again on the events that change it, not on others', () => {
    expect(refreshesInbox({ type: 'ticketing.non_conformance.opened' })).toBe(true)
    expect(refreshesInbox({ type: 'console.approvals.changed' })).toBe(true)
    expect(refreshesInbox({ type: 'desk.parcel.received' })).toBe(false)
  })
})
