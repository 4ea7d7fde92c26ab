import { reactive } from 'vue'
import { ApiError, newIdempotencyKey } from './api.js'
import { fieldErrors, refusal } from './desk.js'

/**
 * What every desk form does around its request: its own checks first (field -> i18n key), one Idempotency-Key
 * per record being entered (a retry after a network error sends the same one), and desk's answer turned into
 * words: a 422's fields under the fields, a 409's reason in Chinese, a network error keeping what was typed.
 * `refused(error)` gives a 409's words and code; desk's own by default (renovation's screens pass theirs).
 */
export function useDeskForm(t, { refused = (error) => deskRefusal(t, error) } = {}) {
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
      const said = refused(error)
      const fields = fieldErrors(error, prefix)
      if (said) {
        state.reason = said.code
        state.message = said.message
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

/** A 409 of desk's in the desk's words, or null. */
function deskRefusal(t, error) {
  const found = refusal(error)
  if (!found) return null
  // steps_missing names the steps in the page's words, not desk's English detail
  const steps = found.missingSteps.map((step) => t('desk.moveIn.steps.' + step)).join('、')
  return { code: found.code, message: t('desk.reasons.' + found.code, { n: found.attemptsLeft ?? 0, steps }) }
}
