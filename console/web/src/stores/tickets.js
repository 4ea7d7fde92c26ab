import { defineStore } from 'pinia'
import { get } from '../api.js'
import { OPEN } from '../kinds.js'

// The open tickets of the project, kept current from the event stream (never polled).
const PAGE_SIZE = 200
const MAX_PAGES = 50 // 10,000 open tickets: far beyond what one project's desk has open at once
export const useTickets = defineStore('tickets', {
  state: () => ({ byId: {}, technicians: [], loaded: false }),
  getters: {
    open: (state) => Object.values(state.byId).filter(OPEN).sort((a, b) => a.created_at.localeCompare(b.created_at)),
    technicianName: (state) => (id) => state.technicians.find((tech) => tech.id === id)?.name || id,
  },
  actions: {
    // Every open ticket, following the list's cursor (a board shows them all, not the first page);
    // closed ones are not fetched. The first load shows each page as it comes (a project with 2,000 open tickets
    // is 10 pages, seconds on a busy server: the newest cards should not wait for the oldest); a reload after a
    // lost stream swaps the whole set at the end, so tickets closed meanwhile go and none flickers away.
    async loadAll() {
      const byId = {}
      const progressive = !this.loaded
      let cursor
      for (let page = 1; page <= MAX_PAGES; page += 1) {
        const query = cursor ? { open: true, cursor, page_size: PAGE_SIZE } : { open: true, page_size: PAGE_SIZE }
        const answer = await get('/api/ticketing/tickets', query)
        for (const ticket of answer.items) byId[ticket.id] = ticket
        if (progressive) this.byId = { ...this.byId, ...byId }
        cursor = answer.next_cursor
        if (!cursor) break
      }
      this.byId = progressive ? { ...this.byId, ...byId } : byId
      this.loaded = true
    },
    async loadTechnicians() {
      try { this.technicians = (await get('/api/identity/staff/technicians')).items } catch { this.technicians = [] }
    },
    async refresh(ticketId) {
      try { this.byId[ticketId] = await get(`/api/ticketing/tickets/${ticketId}`) } catch { delete this.byId[ticketId] }
    },
    put(ticket) { this.byId[ticket.id] = ticket },
    // An event about a ticket: reload that one ticket (events carry ids, not the whole ticket).
    onEvent(event) {
      const id = event.data?.ticket_id
      if (id && (event.type.startsWith('ticketing.') || event.type === 'console.ticket.changed')) this.refresh(id)
    },
  },
})
