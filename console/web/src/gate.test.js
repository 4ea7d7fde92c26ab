import { describe, expect, it } from 'vitest'
import { refreshesGate } from './gate.js'

describe('refreshesGate', () => {
  it('reads the lists again on the gate pings only', () => {
    expect(refreshesGate({ type: 'console.gate.changed', data: { change: 'visitors' } })).toBe(true)
    expect(refreshesGate({ type: 'console.desk.changed' })).toBe(false)
    expect(refreshesGate({ type: 'billing.payment.received' })).toBe(false)
    expect(refreshesGate(null)).toBe(false)
  })
})
