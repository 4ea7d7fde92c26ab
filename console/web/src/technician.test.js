import { describe, expect, it } from 'vitest'
import { homeFor } from './home.js'
import { canQuote, draftTotalFen, technicianSteps, versionAwaitingConsent } from './technician.js'

describe('technicianSteps', () => {
  it('offers the next step of the work as the big button and keeps the rest below', () => {
    const ticket = { allowed_actions: ['accept', 'arrive', 'record_nobody_home', 'reschedule', 'dispatch', 'cancel'] }
    expect(technicianSteps(ticket)).toEqual({ primary: 'accept', others: ['arrive', 'record_nobody_home', 'reschedule'] })
  })
  it('never offers the supervisor’s or the clerk’s actions', () => {
    expect(technicianSteps({ allowed_actions: ['dispatch', 'respond', 'close'] })).toEqual({ primary: null, others: [] })
  })
  it('offers the sign-off once the result is in', () => {
    expect(technicianSteps({ allowed_actions: ['customer_sign_off', 'reopen'] }).primary).toBe('customer_sign_off')
  })
})

describe('quotes on site', () => {
  const ticket = { kind: 'repair', unit_id: '1-2-201', status: 'on_site' }
  it('quotes a repair on site with a unit, once, and again after a refusal', () => {
    expect(canQuote(ticket, null)).toBe(true)
    expect(canQuote(ticket, { status: 'sent' })).toBe(false)
    expect(canQuote(ticket, { status: 'declined' })).toBe(true)
    expect(canQuote({ ...ticket, unit_id: null }, null)).toBe(false)
    expect(canQuote({ ...ticket, kind: 'complaint' }, null)).toBe(false)
    expect(canQuote({ ...ticket, status: 'resolved' }, null)).toBe(false)
  })
  it('asks for consent only to the version last sent', () => {
    const quote = { current_version: 2, versions: [{ number: 1, status: 'superseded' }, { number: 2, status: 'sent', total_fen: 8000 }] }
    expect(versionAwaitingConsent(quote).total_fen).toBe(8000)
    expect(versionAwaitingConsent({ ...quote, versions: [{ number: 2, status: 'accepted' }] })).toBeNull()
    expect(versionAwaitingConsent(null)).toBeNull()
  })
  it('adds up a draft at the catalogue’s prices and says when a price is missing', () => {
    const items = [{ code: 'REP-02', price_fen: 3000 }, { code: 'REP-09', price_fen: null }]
    expect(draftTotalFen([{ code: 'REP-02', quantity: 2 }], items)).toBe(6000)
    expect(draftTotalFen([{ code: 'REP-09', quantity: 1 }], items)).toBeNull()
    expect(draftTotalFen([], items)).toBe(0)
  })
})

describe('homeFor', () => {
  it('starts a technician on their jobs, a dispatcher on the board, anyone else on the inbox', () => {
    expect(homeFor(['technician'])).toBe('/my-jobs')
    expect(homeFor(['technician', 'engineering_supervisor'])).toBe('/board')
    expect(homeFor(['cs_assistant'])).toBe('/board')
    expect(homeFor(['security'])).toBe('/inbox')
  })
})
