// Retrying a read that failed for a reason that may pass (the network, the server, a timeout), pure so Vitest covers
// it: the waits come from `sleep`, the clock never from the module.

/** Worth another try: nothing came back (status 0: network or timeout) or the server failed (5xx). A 4xx will not
 * change by asking again (401 signs out, 403/404/422 are answers). */
export function retryable(failure) {
  const status = failure?.status
  return status === 0 || (typeof status === 'number' && status >= 500)
}

/** The wait before retry `n` (1, 2, ...): `base` doubled each time, at most `max`, spread by up to `jitter` of it so
 * that the boards of a whole desk do not come back at the same instant after an outage. */
export function backoffDelay(n, { base = 1000, max = 8000, jitter = 0.2, random = Math.random } = {}) {
  const plain = Math.min(max, base * 2 ** (n - 1))
  return Math.round(plain * (1 - jitter + 2 * jitter * random()))
}

/** What a cancelled run throws: nobody is waiting for its answer any more. */
export class Cancelled extends Error {
  constructor() { super('cancelled'); this.cancelled = true }
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** `task()`, tried again up to `retries` times while it fails retryably; `onRetry(n, delayMs, failure)` before each
 * wait; `cancelled()` true stops it (a newer load took over, the screen was left). The last failure is thrown; a
 * cancelled run throws `Cancelled`. */
export async function withRetries(task, { retries = 3, delay = backoffDelay, sleep = wait, onRetry = () => {},
  cancelled = () => false, isRetryable = retryable } = {}) {
  for (let n = 1; ; n += 1) {
    try {
      return await task()
    } catch (failure) {
      if (cancelled()) throw new Cancelled()
      if (n > retries || !isRetryable(failure)) throw failure
      const ms = delay(n)
      onRetry(n, ms, failure)
      await sleep(ms)
      if (cancelled()) throw new Cancelled()
    }
  }
}
