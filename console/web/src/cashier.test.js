import { describe, expect, it } from 'vitest'
import { readsOnly } from './readOnly.js'
import { Attempt, beginAll, refreshesCashier, refundableOf, refundPlan, yuanToFen } from './cashier.js'

describe('yuanToFen', () => {
  it('reads whole and decimal yuan as integer fen', () => {
    expect(yuanToFen('32')).toBe(3200)
    expect(yuanToFen('32.5')).toBe(3250)
    expect(yuanToFen(' 168.05 ')).toBe(16805)
  })
  it('refuses what is not an amount', () => {
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', null]) expect(yuanToFen(bad)).toBeNull()
  })
})

describe('Attempt', () => {
  it('sends nothing on a second click while the first is pending and keeps the key for a retry', () => {
    const attempt = new Attempt()
    const key = attempt.begin()
    expect(key).toBeTruthy()
    expect(attempt.begin()).toBeNull()
    attempt.done(false)
    expect(attempt.begin()).toBe(key) // a retry after a failure is the same attempt
    attempt.done(true)
    expect(attempt.begin()).not.toBe(key)
  })
  it('is a new attempt after the form changed, but not while one is on its way', () => {
    const attempt = new Attempt()
    const key = attempt.begin()
    attempt.reset()
    attempt.done(false)
    expect(attempt.begin()).toBe(key)
    attempt.done(false)
    attempt.reset()
    expect(attempt.begin()).not.toBe(key)
  })
})

describe('beginAll', () => {
  it('starts every attempt or none', () => {
    const [a, b] = [new Attempt(), new Attempt()]
    b.begin()
    expect(beginAll([a, b])).toBeNull()
    expect(a.busy).toBe(false) // the free one was not left half-started
    b.done(false)
    const keys = beginAll([a, b])
    expect(keys).toHaveLength(2)
    expect(keys[0]).not.toBe(keys[1])
  })
})

describe('refundableOf', () => {
  it('is what the payment holds less its refunds', () => {
    const refunds = [{ payment_id: 'p1', amount_fen: 500 }, { payment_id: 'p2', amount_fen: 900 }]
    expect(refundableOf({ id: 'p1', amount_fen: 2500 }, refunds)).toBe(2000)
    expect(refundableOf({ id: 'p3', amount_fen: 100 }, refunds)).toBe(100)
  })
})

describe('refundPlan', () => {
  const balance = (b) => ({ charged_fen: 2500, credited_fen: 0, paid_fen: 2500, refunded_fen: 0, outstanding_fen: 0,
    refundable_fen: 0, ...b })
  it('refunds an overpayment in one step', () => {
    expect(refundPlan(balance({ paid_fen: 3000, refundable_fen: 500 }), 3000, 500)).toEqual({ steps: ['refund'] })
  })
  it('credits the shortfall first when the charge is settled but nothing is overpaid', () => {
    expect(refundPlan(balance(), 2500, 1000)).toEqual({ steps: ['credit', 'refund'], creditFen: 1000 })
    expect(refundPlan(balance({ paid_fen: 3000, refundable_fen: 500 }), 3000, 1500))
      .toEqual({ steps: ['credit', 'refund'], creditFen: 1000 })
  })
  it('never forgives what is still owed, nor refunds more than the payment or the charge', () => {
    expect(refundPlan(balance({ paid_fen: 1000, outstanding_fen: 1500 }), 1000, 500)).toEqual({ refusal: 'charge_not_settled' })
    expect(refundPlan(balance(), 2000, 2500)).toEqual({ refusal: 'refund_exceeds_payment' })
    expect(refundPlan(balance(), 2500, null)).toEqual({ refusal: 'invalid_amount' })
  })
})

describe('refreshesCashier and readsOnly', () => {
  it('reads again on money events and the console pings, not on tickets', () => {
    expect(refreshesCashier({ type: 'billing.refund.issued' })).toBe(true)
    expect(refreshesCashier({ type: 'console.cashier.changed' })).toBe(true)
    expect(refreshesCashier({ type: 'ticketing.ticket.created' })).toBe(false)
  })
  it('is read-only only when every role is the auditor', () => {
    expect(readsOnly(['hq_auditor'])).toBe(true)
    expect(readsOnly(['hq_auditor', 'finance_clerk'])).toBe(false)
    expect(readsOnly([])).toBe(false)
  })
})
