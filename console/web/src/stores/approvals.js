import { defineStore } from 'pinia'
import { actionable, itemsOf, refreshesInbox, sourcesFor } from '../approvals.js'
import { get, post } from '../api.js'
import { useLive } from './live.js'

// What waits for the signed-in person's decision, read from each owning service; re-read when an event says
// something changed (a record opened, a charge held, a decision taken here or at another desk of this console).
export const useApprovals = defineStore('approvals', {
  state: () => ({ me: null, answers: [], failed: [], loading: false, stop: null, again: false }),
  getters: {
    items: (state) => (t) => state.answers.flatMap(({ source, payload }) => itemsOf(source, payload, state.me, t)),
    count(state) { return actionable(this.items((key) => key)) },
  },
  actions: {
    /** Follow the person's inbox (once per page) and read it now: the nav at sign-in, the screen when opened. */
    start(me) {
      this.me = me
      if (!sourcesFor(me).length) return Promise.resolve()
      this.stop ||= useLive().on((event) => { if (refreshesInbox(event)) this.load() }, () => this.load())
      return this.load()
    },
    async load() {
      if (this.loading) { this.again = true; return } // one read at a time; a change meanwhile reads once more
      this.loading = true
      try {
        const sources = sourcesFor(this.me)
        const answers = await Promise.allSettled(sources.map((s) => get(`/api/${s.service}/${s.path}`, s.query)))
        this.answers = answers.flatMap((a, i) => (a.status === 'fulfilled' ? [{ source: sources[i], payload: a.value }] : []))
        this.failed = answers.flatMap((a, i) => (a.status === 'rejected' ? [sources[i]] : []))
      } finally {
        this.loading = false
      }
      if (this.again) { this.again = false; await this.load() }
    },
    async decide(decision, reason) {
      await post(`/api/${decision.service}/${decision.path}`, decision.body(reason), { query: decision.query })
      await this.load()
    },
  },
})
