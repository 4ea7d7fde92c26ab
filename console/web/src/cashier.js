// The cashier's rules in the browser: yuan typed by a person to integer fen, and one Idempotency-Key per attempt.
import { newIdempotencyKey } from './api.js'

/** "32" / "32.5" / "32.50" yuan -> 3200 / 3250 / 3250 fen; anything else (negative, 3 decimals, text) -> null. */
export function yuanToFen(text) {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''))
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'))
}

/**
 * A payment attempt: the key is made once when the form is filled and kept until the server has answered, so a
 * double click or a retry after a lost answer sends the same key and the server records one payment.
 */
export class Attempt {
  constructor() { this.key = null; this.busy = false }
  begin() {
    if (this.busy) return null // a second click while the first is on its way: nothing sent
    this.key = this.key || newIdempotencyKey()
    this.busy = true
    return this.key
  }
  /** The form changed: what is sent next is another attempt (unless one is on its way). */
  reset() { if (!this.busy) this.key = null }
  done(succeeded) {
    this.busy = false
    if (succeeded) this.key = null // the next payment is a new attempt
  }
}

/** Start several attempts as one step (the guided credit note and refund): all keys, or none and nothing busy. */
export function beginAll(attempts) {
  if (attempts.some((attempt) => attempt.busy)) return null
  return attempts.map((attempt) => attempt.begin())
}

/** What is left of a payment to give back: its amount less the refunds already issued against it. */
export function refundableOf(payment, refunds) {
  const back = refunds.filter((r) => r.payment_id === payment.id).reduce((sum, r) => sum + r.amount_fen, 0)
  return Math.max(0, payment.amount_fen - back)
}

/**
 * How 退款 of `amountFen` against `payment` can be done under billing's rules (billing/domain/balances.py):
 * a refund never exceeds the money held beyond what is owed (refundable) nor what its payment still holds, and
 * "to give money back for a service, first credit it, then refund the overpayment this creates".
 *
 * - enough overpaid: one refund note ({ steps: ['refund'] });
 * - the charge is settled (nothing outstanding) but not enough is overpaid: a credit note of the shortfall makes
 *   it refundable, then the refund note ({ steps: ['credit', 'refund'], creditFen }), offered as one guided step;
 * - something is still outstanding: refused. Crediting there first wipes the debt and only the rest becomes
 *   refundable, so a refund would silently forgive what the owner still owes: that is a separate 冲减 decision.
 */
export function refundPlan(balance, paymentLeftFen, amountFen) {
  if (!amountFen) return { refusal: 'invalid_amount' }
  if (amountFen > paymentLeftFen) return { refusal: 'refund_exceeds_payment' }
  if (amountFen <= balance.refundable_fen) return { steps: ['refund'] }
  if (balance.outstanding_fen > 0) return { refusal: 'charge_not_settled' }
  // Settled, so what is held covers what is owed: the shortfall (≤ the payment's money) is always creditable.
  return { steps: ['credit', 'refund'], creditFen: amountFen - balance.refundable_fen }
}

// Events after which the cashier reads its unit and the day's close again: billing's own money events, and the
// console's pings of what billing announces to nobody (credit notes, commissioned orders), from any colleague.
const CASHIER_EVENTS = ['billing.payment.', 'billing.refund.', 'billing.charge.', 'console.cashier.']
export const refreshesCashier = (event) => CASHIER_EVENTS.some((prefix) => (event?.type || '').startsWith(prefix))
