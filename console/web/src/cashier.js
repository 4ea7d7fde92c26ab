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
  done(succeeded) {
    this.busy = false
    if (succeeded) this.key = null // the next payment is a new attempt
  }
}
