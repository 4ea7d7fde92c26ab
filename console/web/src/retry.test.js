import { describe, expect, it } from 'vitest'
import { backoffDelay, Cancelled, retryable, withRetries } from './retry.js'

const failing = (...statuses) => {
  const calls = []
  const task = async () => {
    calls.push(calls.length + 1)
    const status = statuses[calls.length - 1]
    if (status === undefined) return 'the board'
    throw Object.assign(new Error(`HTTP ${status}`), { status })
  }
  return { task, calls }
}
const noWait = () => {
  const waits = []
  return { waits, sleep: async (ms) => { waits.push(ms) } }
}

describe('retryable', () => {
  it('retries what may pass: no answer (network, timeout) and server errors, never a 4xx', () => {
    expect([0, 500, 502, 503, 504].map((status) => retryable({ status }))).toEqual([true, true, true, true, true])
    expect([400, 401, 403, 404, 409, 422].map((status) => retryable({ status }))).toEqual([false, false, false, false, false, false])
    expect(retryable(new TypeError('a bug'))).toBe(false) // a programming error is not hidden behind retries
    expect(retryable(undefined)).toBe(false)
  })
})

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const plain = (n) => backoffDelay(n, { jitter: 0 })
    expect([1, 2, 3, 4, 5].map(plain)).toEqual([1000, 2000, 4000, 8000, 8000])
    expect(backoffDelay(2, { base: 500, max: 600, jitter: 0 })).toBe(600)
  })
  it('spreads each wait by the jitter either side', () => {
    expect(backoffDelay(1, { random: () => 0 })).toBe(800)
    expect(backoffDelay(1, { random: () => 1 })).toBe(1200)
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(4000)
  })
})

describe('withRetries', () => {
  it('answers at once when the first try works', async () => {
    const { task, calls } = failing()
    const { waits, sleep } = noWait()
    expect(await withRetries(task, { sleep })).toBe('the board')
    expect(calls).toEqual([1])
    expect(waits).toEqual([])
  })
  it('tries again after a network error and a 502, waiting longer each time, telling each retry', async () => {
    const { task, calls } = failing(0, 502)
    const { waits, sleep } = noWait()
    const told = []
    const answer = await withRetries(task, { sleep, delay: (n) => n * 100, onRetry: (n, ms, failure) => told.push([n, ms, failure.status]) })
    expect(answer).toBe('the board')
    expect(calls).toEqual([1, 2, 3])
    expect(waits).toEqual([100, 200])
    expect(told).toEqual([[1, 100, 0], [2, 200, 502]])
  })
  it('gives up after the retries with the last failure', async () => {
    const { task, calls } = failing(503, 503, 503, 504)
    const { waits, sleep } = noWait()
    await expect(withRetries(task, { sleep, retries: 3 })).rejects.toMatchObject({ status: 504 })
    expect(calls).toHaveLength(4)
    expect(waits).toHaveLength(3)
  })
  it('does not retry an answer: a 403 fails at once', async () => {
    const { task, calls } = failing(403)
    const { sleep } = noWait()
    await expect(withRetries(task, { sleep })).rejects.toMatchObject({ status: 403 })
    expect(calls).toEqual([1])
  })
  it('stops when cancelled while waiting, without trying again', async () => {
    const { task, calls } = failing(0, 0)
    let cancelled = false
    const sleep = async () => { cancelled = true } // the screen is left during the wait
    await expect(withRetries(task, { sleep, cancelled: () => cancelled })).rejects.toBeInstanceOf(Cancelled)
    expect(calls).toEqual([1])
  })
})
