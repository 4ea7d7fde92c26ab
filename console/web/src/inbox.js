// The staff inbox's rules, kept out of the view so they can be unit tested: the order of the list, what a
// filter asks notifications for, how late an escalation was, and which stream events concern the badge.

const RANK = { unread: 0, read: 1, done: 2 }

/** Unread first, then read, then done (dealt with); newest first within each. Returns a new array. */
export function sortItems(items) {
  return [...items].sort((a, b) => ((RANK[a.status] ?? 3) - (RANK[b.status] ?? 3))
    || String(b.created_at).localeCompare(String(a.created_at)))
}

export const FILTERS = ['unread', 'all']

/** The query of GET /inbox for a filter of the view (an unknown one lists everything). */
export function filterQuery(filter, pageSize = 100) {
  return filter === 'unread' ? { status: 'unread', page_size: pageSize } : { page_size: pageSize }
}

/**
 * How late an escalation was when it was raised, split for the translations: {key, values} where key is
 * 'underMinute', 'minutes', 'hours' or 'days' (notifications counts whole minutes, so 0 means under one).
 * Null when unknown (an approval has no lateness).
 */
export function lateness(minutes) {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) return null
  const m = Math.floor(minutes)
  if (m < 1) return { key: 'underMinute', values: {} }
  if (m < 60) return { key: 'minutes', values: { m } }
  if (m < 24 * 60) return { key: 'hours', values: { h: Math.floor(m / 60), m: m % 60 } }
  return { key: 'days', values: { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) } }
}

/** Whether a stream event changes this person's inbox (the BFF sends only their own; checked again here). */
export function concernsInbox(event, personId) {
  return Boolean(event?.type?.startsWith('notifications.inbox.') && personId && event.data?.recipient === personId)
}

/** The item as marked by POST /inbox/{id}/read|done, put in the place of the old one. */
export function replaceItem(items, updated) {
  return items.map((item) => (item.id === updated.id ? updated : item))
}

/** What the badge says: nothing at 0, the count up to 99, then 99+. */
export function badgeText(unread) {
  if (!unread || unread < 0) return ''
  return unread > 99 ? '99+' : String(unread)
}
