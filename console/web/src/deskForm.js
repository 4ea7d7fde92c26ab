import { reactive } from 'vue'
import { ApiError, newIdempotencyKey } from './api.js'
import { fieldErrors, refusal } from './desk.js'

/**
 * What every desk form does around its request: its own checks first (field -> i18n key), one Idempotency-Key
 * per record being entered (a retry after a network error sends the same one), and desk's answer turned into
 * words: a 422's fields under the fields, a 409's reason in Chinese, a network error keeping what was typed.
 */
export function useDeskForm(t) {
  const state = reactive({ errors: {}, message: '', reason: '', saving: false, key: newIdempotencyKey() })

  function reset() {
    Object.assign(state, { errors: {}, message: '', reason: '', key: newIdempotencyKey() })
  }

  async function run(send, { checks = {}, prefix = '', labels = {} } = {}) {
    state.errors = Object.fromEntries(Object.entries(checks).map(([field, key]) => [field, t(key)]))
    state.message = ''
    state.reason = ''
    if (Object.keys(state.errors).length || state.saving) return null
    state.saving = true
    try {
      const answer = await send(state.key)
      state.key = newIdempotencyKey()
      return answer
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      const refused = refusal(error)
      const fields = fieldErrors(error, prefix)
      if (refused) {
        state.reason = refused.code
        // steps_missing names the steps in the page's words, not desk's English detail
        const steps = refused.missingSteps.map((step) => t('desk.moveIn.steps.' + step)).join('、')
        state.message = t('desk.reasons.' + refused.code, { n: refused.attemptsLeft ?? 0, steps })
      } else if (Object.keys(fields).length) {
        state.errors = fields
        state.message = Object.keys(fields).map((f) => t('desk.errors.field', { field: labels[f] || f, message: fields[f] })).join('；')
      } else {
        state.message = error.status === 0 ? t('desk.errors.network') : (error.detail || error.title || String(error))
      }
      return null
    } finally {
      state.saving = false
    }
  }

  return { state, run, reset }
}
