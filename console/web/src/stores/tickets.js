import { defineStore } from 'pinia'
import { get } from '../api.js'
import { OPEN } from '../kinds.js'

// The open tickets of the project, kept current from the event stream (never polled).
export const useTickets = defineStore('tickets', {
  state: () => ({ byId: {}, technicians: [], loaded: false }),
  getters: {
    open: (state) => Object.values(state.byId).filter(OPEN).sort((a, b) => a.created_at.localeCompare(b.created_at)),
    technicianName: (state) => (id) => state.technicians.find((tech) => tech.id === id)?.name || id,
  },
  actions: {
    async loadAll() {
      const page = await get('/api/ticketing/tickets', { page_size: 200 })
      this.byId = Object.fromEntries(page.items.map((ticket) => [ticket.id, ticket]))
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
