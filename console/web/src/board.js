// The dispatch board's own rules, pure so Vitest covers them: the breaching-soon lane, the saved filters and
// the keys that dispatch a focused card.

export const SOON_MS = 30 * 60 * 1000 // the amber threshold of the SLA badge: under 30 minutes left

/** Open tickets whose next deadline is under 30 minutes away or already missed, the most pressing first. */
export function breachingSoon(tickets, now = Date.now()) {
  return tickets
    .filter((ticket) => ticket.next_breach?.due_at && new Date(ticket.next_breach.due_at).getTime() - now < SOON_MS)
    .sort((a, b) => a.next_breach.due_at.localeCompare(b.next_breach.due_at))
}

export const NO_FILTERS = Object.freeze({ kind: '', category: '', unassigned: false, text: '' })

/** The tickets the person's filters let through; `text` matches the title or the unit. */
export function applyFilters(tickets, filters) {
  const text = (filters.text || '').trim().toLowerCase()
  return tickets.filter((ticket) => (!filters.kind || ticket.kind === filters.kind)
    && (!filters.category || ticket.category === filters.category)
    && (!filters.unassigned || !ticket.assignee)
    && (!text || `${ticket.title} ${ticket.unit_id || ''}`.toLowerCase().includes(text)))
}

export const isFiltered = (filters) => Object.entries(NO_FILTERS).some(([key, empty]) => (filters[key] || empty) !== empty)

// Saved in the browser per person (and project), so a supervisor finds the board as they left it.
const storageKey = (personId, tenantId) => `kefu.board.filters.${tenantId}.${personId}`

export function loadFilters(storage, personId, tenantId) {
  try {
    const saved = JSON.parse(storage.getItem(storageKey(personId, tenantId)) || '{}')
    return Object.fromEntries(Object.entries(NO_FILTERS).map(([key, empty]) => [key, typeof saved[key] === typeof empty ? saved[key] : empty]))
  } catch {
    return { ...NO_FILTERS }
  }
}

export function saveFilters(storage, personId, tenantId, filters) {
  storage.setItem(storageKey(personId, tenantId), JSON.stringify(filters))
}

/** The technician a key dispatches a focused card to: 1..9 pick the n-th technician shown, anything else none. */
export function technicianForKey(key, technicians) {
  if (!/^[1-9]$/.test(key)) return null
  return technicians[Number(key) - 1] || null
}

/** The board's tickets by id from its read's `items`, with what events changed while the read was on its way laid
 * over them (`changed`: id -> the ticket as refreshed, or null when it is gone): the read may predate them. */
export function mergeLoaded(items, changed = {}) {
  const byId = Object.fromEntries(items.map((ticket) => [ticket.id, ticket]))
  for (const [id, ticket] of Object.entries(changed)) {
    if (ticket) byId[id] = ticket
    else delete byId[id]
  }
  return byId
}

/** Why the board did not load, as an i18n key under board.failure and its parameters. */
export function loadFailure(failure) {
  const status = failure?.status
  if (status === 0) return { key: failure.title === 'timeout' ? 'timeout' : 'network', params: {} }
  if (typeof status === 'number' && status >= 500) return { key: 'server', params: { status } }
  if (typeof status === 'number') return { key: 'refused', params: { status, detail: failure.detail || failure.title || '' } }
  return { key: 'unknown', params: {} }
}
