import { describe, expect, it } from 'vitest'
import { Attempt, yuanToFen } from './cashier.js'

describe('yuanToFen', () => {
  it('reads whole and decimal yuan as integer fen', () => {
    expect(yuanToFen('32')).toBe(3200)
    expect(yuanToFen('32.5')).toBe(3250)
    expect(yuanToFen(' 168.05 ')).toBe(16805)
  })
  it('refuses what is not an amount', () => {
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', null]) expect(yuanToFen(bad)).toBeNull()
  })
})

describe('Attempt', () => {
  it('sends nothing on a second click while the first is pending and keeps the key for a retry', () => {
    const attempt = new Attempt()
    const key = attempt.begin()
    expect(key).toBeTruthy()
    expect(attempt.begin()).toBeNull()
    attempt.done(false)
    expect(attempt.begin()).toBe(key) // a retry after a failure is the same attempt
    attempt.done(true)
    expect(attempt.begin()).not.toBe(key)
  })
})
