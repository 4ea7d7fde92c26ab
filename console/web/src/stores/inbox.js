import { defineStore } from 'pinia'
import { get, post } from '../api.js'
import { concernsInbox, filterQuery, replaceItem, sortItems } from '../inbox.js'
import { useLive } from './live.js'

// The signed-in person's inbox at notifications: the unread count behind the header's bell, and the list the
// inbox view shows. Kept current from the event stream (notifications.inbox.*, only ever this person's):
// an event says that something changed, never what, so the count and an open list are fetched again.
export const useInbox = defineStore('inbox', {
  state: () => ({ unread: 0, items: [], total: 0, filter: 'all', listing: false, loaded: false, personId: null }),
  getters: {
    sorted: (state) => sortItems(state.items),
  },
  actions: {
    /** Once signed in (App.vue): the count now, and after every event or reconnect of the stream. */
    start(personId) {
      if (this.personId) return
      this.personId = personId
      useLive().on((event) => { if (concernsInbox(event, this.personId)) this.onEvent(event) }, () => this.refresh())
      this.refresh()
    },
    async onEvent(event) {
      const id = event.data.item_id
      try {
        // A mark changes one item in place: an item just opened under "unread" stays on screen until reloaded.
        if (event.type.endsWith('.item_marked') && this.items.some((item) => item.id === id)) {
          this.items = replaceItem(this.items, await get(`/api/notifications/inbox/${id}`))
          return this.countOnly()
        }
        return this.refresh()
      } catch { return this.countOnly() }
    },
    async refresh() {
      if (this.listing) return this.load().catch(() => this.countOnly())
      return this.countOnly()
    },
    async countOnly() {
      try {
        this.unread = (await get('/api/notifications/inbox', { page_size: 1 })).unread
      } catch { /* the badge keeps its last count; the next event or reconnect tries again */ }
    },
    async load(filter = this.filter) {
      this.filter = filter
      const page = await get('/api/notifications/inbox', filterQuery(filter))
      Object.assign(this, { items: page.items, total: page.total, unread: page.unread, loaded: true })
    },
    async mark(item, status) {
      const updated = await post(`/api/notifications/inbox/${item.id}/${status}`, {})
      this.items = replaceItem(this.items, updated)
      if (item.status === 'unread') this.unread = Math.max(0, this.unread - 1) // the event then confirms it
      return updated
    },
  },
})
