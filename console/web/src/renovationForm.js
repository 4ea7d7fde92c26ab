import { onMounted, onUnmounted } from 'vue'
import { useDeskForm } from './deskForm.js'
import { refreshesRenovation } from './renovation.js'
import { useLive } from './stores/live.js'

/**
 * A renovation form around its request, as the desk's forms do it (deskForm.js: the form's own checks, one
 * Idempotency-Key per record, a 422's fields under the fields, a network error keeping what was typed), with
 * renovation's 409 reason_code in the page's words (renovation.reasons), its English detail when the code is new.
 */
export function useRenovationForm(t) {
  return useDeskForm(t, { refused: (error) => renovationRefusal(t, error) })
}

function renovationRefusal(t, error) {
  const code = error?.status === 409 ? error.body?.reason_code : null
  if (!code) return null
  const known = t('renovation.reasons.' + code)
  return { code, message: known === 'renovation.reasons.' + code ? (error.detail || code) : known }
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
