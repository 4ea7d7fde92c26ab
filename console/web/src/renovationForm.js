import { onMounted, onUnmounted, reactive } from 'vue'
import { ApiError, newIdempotencyKey } from './api.js'
import { fieldErrors } from './desk.js'
import { refreshesRenovation } from './renovation.js'
import { useLive } from './stores/live.js'

/**
 * What every renovation form does around its request: its own checks first (field → i18n key), one
 * Idempotency-Key per record (a retry after a network error sends the same one), and renovation's answer in words:
 * a 422's fields under the fields, a 409's reason_code in Chinese (renovation.reasons), a network error keeping
 * what was typed.
 */
export function useRenovationForm(t) {
  const state = reactive({ errors: {}, message: '', saving: false, key: newIdempotencyKey() })

  function reset() {
    Object.assign(state, { errors: {}, message: '', key: newIdempotencyKey() })
  }

  async function run(send, { checks = {}, labels = {} } = {}) {
    state.errors = Object.fromEntries(Object.entries(checks).map(([field, key]) => [field, t(key)]))
    state.message = ''
    if (Object.keys(state.errors).length || state.saving) return null
    state.saving = true
    try {
      const answer = await send(state.key)
      state.key = newIdempotencyKey()
      return answer
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      const code = error.status === 409 ? error.body?.reason_code : null
      const fields = fieldErrors(error)
      if (code) {
        const known = t('renovation.reasons.' + code)
        state.message = known === 'renovation.reasons.' + code ? (error.detail || code) : known
      } else if (Object.keys(fields).length) {
        state.errors = fields
        state.message = Object.keys(fields)
          .map((f) => t('renovation.errors.field', { field: labels[f] || f, message: fields[f] })).join('；')
      } else {
        state.message = error.status === 0 ? t('renovation.errors.network') : (error.detail || error.title || String(error))
      }
      return null
    } finally {
      state.saving = false
    }
  }

  return { state, run, reset }
}

/** A renovation screen kept current without polling: `reload` on renovation's events and the console's pings, and
 *  after the stream reconnects (nothing missed meanwhile is lost). */
export function onRenovationChange(reload) {
  const live = useLive()
  let unsubscribe
  onMounted(() => { unsubscribe = live.on((event) => { if (refreshesRenovation(event)) reload(event) }, reload) })
  onUnmounted(() => unsubscribe?.())
  return live
}
