import { defineStore } from 'pinia'
import { get, post, setCsrfToken } from '../api.js'

export const useSession = defineStore('session', {
  state: () => ({ me: null, signedOut: false, loading: null }),
  getters: {
    timezone: (state) => state.me?.timezone || 'Asia/Shanghai',
    has: (state) => (...roles) => roles.some((role) => state.me?.roles.includes(role)),
  },
  actions: {
    // Once per page: the router's guard and the shell both wait on the same answer.
    load() {
      if (!this.loading) {
        this.loading = (async () => {
          try {
            this.me = await get('/api/me')
            setCsrfToken(this.me.csrf_token)
          } catch (error) {
            this.loading = null
            if (error.status === 401) window.location.assign('/auth/login')
            else throw error
          }
        })()
      }
      return this.loading
    },
    async signOut() {
      await post('/auth/logout')
      this.me = null
      this.signedOut = true
    },
  },
})
