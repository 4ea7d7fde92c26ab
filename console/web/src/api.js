// Calls to the BFF: same origin, session cookie sent by the browser, CSRF token on every change.

let csrfToken = ''
export function setCsrfToken(token) { csrfToken = token }

export class ApiError extends Error {
  constructor(status, title, detail, body) {
    super(detail || title || `HTTP ${status}`)
    this.status = status
    this.title = title
    this.detail = detail
    this.body = body
  }
}

/** A random Idempotency-Key; kept by the caller so a retried submit is recognised as the same one. */
export function newIdempotencyKey() {
  return crypto.randomUUID()
}

/** `timeoutMs`: give up on an answer not complete by then (ApiError status 0, title 'timeout'). */
export async function request(method, path, { body, query, idempotencyKey, raw, timeoutMs } = {}) {
  const url = new URL(path, window.location.origin)
  for (const [key, value] of Object.entries(query || {})) {
    // A list is the parameter repeated (identity's archive reads: fields=name&fields=unit).
    if (Array.isArray(value)) value.forEach((item) => url.searchParams.append(key, item))
    else if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value)
  }
  const headers = { Accept: 'application/json' }
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (raw) headers['Content-Type'] = raw.type || 'application/octet-stream'
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
  const payload = raw || (body === undefined ? undefined : JSON.stringify(body))
  const abort = timeoutMs ? new AbortController() : null
  const timer = abort && setTimeout(() => abort.abort(), timeoutMs)
  let response
  let text
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin', signal: abort?.signal })
    text = await response.text() // inside the timeout too: a large answer may stall halfway
  } catch (error) {
    // Nothing reached the server, or its answer never came back (whole).
    throw new ApiError(0, abort?.signal.aborted ? 'timeout' : 'network', '')
  } finally {
    clearTimeout(timer)
  }
  let data = null
  try { data = text ? JSON.parse(text) : null } catch { data = null }
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('kefu:signed-out'))
  }
  if (!response.ok) throw new ApiError(response.status, data?.title, data?.detail, data)
  return data
}

export const get = (path, query) => request('GET', path, { query })
export const post = (path, body, options = {}) => request('POST', path, { body, ...options })
/** A photo or a signature (a File or Blob) as the body itself; ticketing reads its type from the bytes. */
export const upload = (path, blob, query, idempotencyKey) => request('POST', path, { raw: blob, query, idempotencyKey })
