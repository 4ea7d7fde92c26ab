import { defineStore } from 'pinia'

// One EventSource per page: the BFF pushes only this project's events that the person's roles may
// see. Views register a handler; after a reconnect they reload, so nothing missed meanwhile is lost.
export const useLive = defineStore('live', {
  state: () => ({ connected: false, source: null, handlers: new Set(), reconnects: new Set() }),
  actions: {
    start() {
      if (this.source) return
      const source = new EventSource('/api/events')
      let opened = false
      source.onopen = () => {
        if (opened) this.reconnects.forEach((fn) => fn())
        opened = true
        this.connected = true
      }
      source.onerror = () => { this.connected = false }
      source.addEventListener('kefu', (message) => {
        const event = JSON.parse(message.data)
        this.handlers.forEach((fn) => fn(event))
      })
      this.source = source
    },
    stop() {
      this.source?.close()
      this.source = null
      this.connected = false
    },
    on(handler, onReconnect) {
      this.handlers.add(handler)
      if (onReconnect) this.reconnects.add(onReconnect)
      return () => { this.handlers.delete(handler); this.reconnects.delete(onReconnect) }
    },
  },
})
