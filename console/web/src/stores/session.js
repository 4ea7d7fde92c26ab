import { defineStore } from 'pinia'
import { get, post, setCsrfToken } from '../api.js'

export const useSession = defineStore('session', {
  state: () => ({ me: null, signedOut: false }),
  getters: {
    timezone: (state) => state.me?.timezone || 'Asia/Shanghai',
    has: (state) => (...roles) => roles.some((role) => state.me?.roles.includes(role)),
  },
  actions: {
    async load() {
      try {
        this.me = await get('/api/me')
        setCsrfToken(this.me.csrf_token)
      } catch (error) {
        if (error.status === 401) window.location.assign('/auth/login')
        else throw error
      }
    },
    async signOut() {
      await post('/auth/logout')
      this.me = null
      this.signedOut = true
    },
  },
})
