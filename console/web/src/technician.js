// The technician's phone: which step comes next, and what a quote adds up to. Pure, so Vitest covers it.

// The steps a technician takes on a job, in the order of the work; the screen shows those the ticket allows now.
export const TECHNICIAN_STEPS = [
  'accept', 'arrive', 'record_nobody_home', 'reschedule', 'start_work', 'pause_for_parts', 'resume', 'resolve',
  'customer_sign_off',
]
// The one step the big button offers; the rest sit below it.
const PRIMARY = ['accept', 'arrive', 'start_work', 'resume', 'resolve', 'customer_sign_off']

export function technicianSteps(ticket) {
  const allowed = new Set(ticket?.allowed_actions || [])
  const steps = TECHNICIAN_STEPS.filter((step) => allowed.has(step))
  const primary = PRIMARY.find((step) => allowed.has(step)) || null
  return { primary, others: steps.filter((step) => step !== primary) }
}

// A quote can be drawn up while the technician is there and before the work is signed off.
const QUOTABLE = new Set(['accepted', 'on_site', 'in_progress'])
export function canQuote(ticket, quote) {
  if (!ticket || ticket.kind !== 'repair' || !ticket.unit_id || !QUOTABLE.has(ticket.status)) return false
  return !quote || quote.status === 'declined'
}

/** The version the customer is asked to accept now, or null. */
export function versionAwaitingConsent(quote) {
  if (!quote) return null
  const current = (quote.versions || []).find((version) => version.number === quote.current_version)
  return current && current.status === 'sent' ? current : null
}

/** The total in fen of draft lines [{code, quantity}] at the catalogue's prices; null if one has no price. */
export function draftTotalFen(lines, items) {
  let total = 0
  for (const line of lines) {
    const item = items.find((candidate) => candidate.code === line.code)
    if (!item || item.price_fen == null) return null
    total += item.price_fen * line.quantity
  }
  return total
}
