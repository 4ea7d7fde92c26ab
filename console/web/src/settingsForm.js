import { reactive } from 'vue'
import { ApiError } from './api.js'
import { problemFields } from './settings.js'

/**
 * What every settings form does around its request: the service's refusal in words the manager reads — each
 * field's message under the field and named in the banner (labels: field path -> its label on screen), a 403 as
 * "you may not change this", a network error as nothing saved. One save at a time.
 */
export function useSettingsForm(t) {
  const state = reactive({ errors: {}, message: '', notice: '', saving: false })

  async function run(send, { labels = {}, done = '' } = {}) {
    if (state.saving) return null
    Object.assign(state, { errors: {}, message: '', notice: '', saving: true })
    try {
      const answer = await send()
      state.notice = done || t('settings.saved')
      return answer
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      const fields = problemFields(error)
      if (Object.keys(fields).length) {
        state.errors = fields
        state.message = t('settings.refused') + Object.entries(fields)
          .map(([field, message]) => t('settings.field', { field: labels[field] || field, message })).join('；')
      } else if (error.status === 403) {
        state.message = t('settings.forbidden')
      } else {
        state.message = error.status === 0 ? t('settings.network') : t('settings.refused') + (error.detail || error.title)
      }
      return null
    } finally {
      state.saving = false
    }
  }

  /** A check of the page's own (a price not in yuan, hours not HH:MM) shown the same way as the server's. */
  function refuse(field, message, label) {
    Object.assign(state, { errors: { [field]: message }, notice: '',
      message: t('settings.refused') + t('settings.field', { field: label || field, message }) })
  }

  return { state, run, refuse }
}
