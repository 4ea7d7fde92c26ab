import { defineStore } from 'pinia'
import { get, request } from '../api.js'
import { mergeLoaded } from '../board.js'
import { OPEN } from '../kinds.js'
import { withRetries } from '../retry.js'

// The board's read must come back whole well before the BFF's own 15 s limit towards ticketing would answer 502.
const BOARD_TIMEOUT_MS = 20000
export const BOARD_RETRIES = 3 // after the first try: some 1, 2 and 4 s apart, then the person's 重试 button

// Which load is current: a newer one (the 重试 button, the stream's reconnect) or leaving the screen supersedes the
// others, which then neither retry nor write their answer.
let generation = 0
// Tickets an event refreshed while a load was in flight: the load's answer may predate them.
let changedDuringLoad = null

// The open tickets of the project, kept current from the event stream (never polled).
export const useTickets = defineStore('tickets', {
  state: () => ({ byId: {}, technicians: [], loaded: false, loadError: null, retrying: null, truncatedAt: 0 }),
  getters: {
    open: (state) => Object.values(state.byId).filter(OPEN).sort((a, b) => a.created_at.localeCompare(b.created_at)),
    technicianName: (state) => (id) => state.technicians.find((tech) => tech.id === id)?.name || id,
  },
  actions: {
    // Every open ticket in one read made for the board (ticketing's GET /tickets/board: only the card's fields, at
    // most 5,000); closed ones are not fetched. A failure that may pass is retried with backoff, `retrying` saying
    // which try comes next; one that stays is `loadError`, for the screen to offer 重试. The answer replaces the set
    // (tickets closed meanwhile go), keeping what events refreshed while it was on its way.
    async loadAll() {
      const mine = ++generation
      const current = () => mine === generation
      changedDuringLoad = {}
      this.loadError = null
      try {
        const answer = await withRetries(
          () => request('GET', '/api/ticketing/tickets/board', { timeoutMs: BOARD_TIMEOUT_MS }),
          { retries: BOARD_RETRIES, cancelled: () => !current(),
            onRetry: (n, ms, failure) => { this.retrying = { attempt: n, of: BOARD_RETRIES, ms, failure } } })
        if (!current()) return
        this.byId = mergeLoaded(answer.items, changedDuringLoad)
        this.truncatedAt = answer.truncated ? answer.limit : 0
        this.loaded = true
      } catch (failure) {
        if (current()) this.loadError = failure // a superseded load's failure is nobody's concern (Cancelled too)
      } finally {
        if (current()) { this.retrying = null; changedDuringLoad = null }
      }
    },
    // Leaving the screen: a load still retrying stops.
    stopLoading() { generation += 1; this.retrying = null; changedDuringLoad = null },
    async loadTechnicians() {
      try { this.technicians = (await get('/api/identity/staff/technicians')).items } catch { this.technicians = [] }
    },
    async refresh(ticketId) {
      let ticket = null
      try { ticket = await get(`/api/ticketing/tickets/${ticketId}`) } catch { ticket = null }
      if (ticket) this.byId[ticketId] = ticket
      else delete this.byId[ticketId]
      if (changedDuringLoad) changedDuringLoad[ticketId] = ticket
    },
    put(ticket) {
      this.byId[ticket.id] = ticket
      if (changedDuringLoad) changedDuringLoad[ticket.id] = ticket
    },
    // An event about a ticket: reload that one ticket (events carry ids, not the whole ticket).
    onEvent(event) {
      const id = event.data?.ticket_id
      if (id && (event.type.startsWith('ticketing.') || event.type === 'console.ticket.changed')) this.refresh(id)
    },
  },
})
