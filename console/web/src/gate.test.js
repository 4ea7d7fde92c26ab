import { describe, expect, it } from 'vitest'
import { addCheck, letsIn, mayCheckPasses, normalisePassNumber, PASS_ANSWERS, passCheck, passTone,
  refreshesGate } from './gate.js'
import { gateEn, gateZh } from './i18n-frontline.js'

describe('refreshesGate', () => {
  it('reads the lists again on the gate pings only', () => {
    expect(refreshesGate({ type: 'console.gate.changed', data: { change: 'visitors' } })).toBe(true)
    expect(refreshesGate({ type: 'console.desk.changed' })).toBe(false)
    expect(refreshesGate({ type: 'billing.payment.received' })).toBe(false)
    expect(refreshesGate(null)).toBe(false)
  })
})

describe('mayCheckPasses', () => {
  it('is for the gate roles renovation lets read, not the HQ auditor', () => {
    for (const role of ['security', 'security_supervisor', 'duty_officer', 'cs_supervisor', 'project_manager']) {
      expect(mayCheckPasses([role])).toBe(true)
    }
    expect(mayCheckPasses(['hq_auditor'])).toBe(false)
    expect(mayCheckPasses(['cs_assistant'])).toBe(false)
    expect(mayCheckPasses(undefined)).toBe(false)
  })
})

describe('normalisePassNumber', () => {
  it('reads a scanned or typed number the way the pass prints it', () => {
    expect(normalisePassNumber('DEMO-ZX-00001-W01')).toBe('DEMO-ZX-00001-W01')
    expect(normalisePassNumber('  demo-zx-00001-w01\r\n')).toBe('DEMO-ZX-00001-W01')
    expect(normalisePassNumber('ＤＥＭＯ－ＺＸ－００００１－Ｗ０１')).toBe('DEMO-ZX-00001-W01') // a Chinese input method
    expect(normalisePassNumber('DEMO—ZX 00001\u3000-W01')).toBe('DEMO-ZX00001-W01')
    expect(normalisePassNumber(null)).toBe('')
  })
})

describe('the answer at the gate', () => {
  it('lets in on valid only, amber for the wrong time, red for a pass that is no longer good', () => {
    expect(PASS_ANSWERS.map((a) => [a, passTone(a), letsIn(a)])).toEqual([
      ['valid', 'ok', true], ['outside_hours', 'wait', false], ['not_yet_valid', 'wait', false],
      ['expired', 'stop', false], ['revoked', 'stop', false], ['returned', 'stop', false],
      ['not_found', 'unknown', false]])
    expect(passTone('something_new')).toBe('unknown')
  })

  it('has a Chinese and an English word for every answer', () => {
    for (const answer of PASS_ANSWERS) {
      expect(gateZh.pass.answers[answer]).toBeTruthy()
      expect(gateEn.pass.answers[answer]).toBeTruthy()
    }
    expect([gateZh.pass.answers.valid, gateZh.pass.answers.expired, gateZh.pass.answers.revoked,
      gateZh.pass.answers.outside_hours, gateZh.pass.answers.not_found]).toEqual(
      ['有效', '已过期', '已注销', '非施工时间', '未找到'])
  })

  it('keeps renovation\'s answer, or not_found for a number it does not know', () => {
    const pass = { number: 'DEMO-ZX-00001-W01', worker: { name: '工人1' } }
    expect(passCheck('X', { number: pass.number, answer: 'valid', checked_at: '2026-12-05T10:00:00+08:00', pass }))
      .toEqual({ number: pass.number, answer: 'valid', checkedAt: '2026-12-05T10:00:00+08:00', pass })
    expect(passCheck('NOPE-1', null, new Date('2026-12-05T02:00:00Z')))
      .toEqual({ number: 'NOPE-1', answer: 'not_found', checkedAt: '2026-12-05T02:00:00.000Z', pass: null })
  })
})

describe('addCheck', () => {
  const dayOf = (at) => at.slice(0, 10)
  it('puts the newest first and forgets earlier days', () => {
    const yesterday = { number: 'A', checkedAt: '2026-12-04T18:00' }
    const morning = { number: 'B', checkedAt: '2026-12-05T08:00' }
    const now = { number: 'C', checkedAt: '2026-12-05T09:00' }
    expect(addCheck([morning, yesterday], now, dayOf).map((c) => c.number)).toEqual(['C', 'B'])
  })
  it('keeps at most the limit', () => {
    const list = ['1', '2', '3'].map((n) => ({ number: n, checkedAt: '2026-12-05T08:00' }))
    expect(addCheck(list, { number: '4', checkedAt: '2026-12-05T09:00' }, dayOf, 3).map((c) => c.number))
      .toEqual(['4', '1', '2'])
  })
})
