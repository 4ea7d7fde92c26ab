// The gate's rules in the browser: which live events make the visitor desk read its lists again.

// visits announces no visitor of its own, so the console pings its gates (console.gate.changed, visibility.py);
// a message left at the desk for a resident is desk's (console.desk.changed) and does not touch the gate's lists.
const GATE_EVENTS = ['console.gate.']
export const refreshesGate = (event) => GATE_EVENTS.some((prefix) => (event?.type || '').startsWith(prefix))

// 装修出入证 at the gate (issue 16): renovation's GET /passes/check answers one word for a pass number and logs the
// check. identity gives renovation:read to security, the security supervisor and the duty officer (renovation's
// readers) and to the CS supervisor and the project manager (its workers): every gate role but the HQ auditor, whose
// check would write a gate entry although the auditor is at no gate.
export const PASS_CHECK_ROLES = ['security', 'security_supervisor', 'duty_officer', 'cs_supervisor', 'project_manager']
export const mayCheckPasses = (roles) => (roles || []).some((role) => PASS_CHECK_ROLES.includes(role))

// A scanner types the code as keys and then Enter; in a Chinese input method it arrives in full-width forms
// (ＤＥＭＯ－ＺＸ…), and a guard may type it lower-case or with spaces. Pass numbers are upper-case letters, digits
// and hyphens (DEMO-ZX-00001-W01), so all of those mean the same pass.
const FULL_WIDTH = /[\uFF01-\uFF5E]/g
const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70]/g
export const MAX_PASS_NUMBER = 128 // renovation's limit on `number`
export function normalisePassNumber(raw) {
  return String(raw ?? '')
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(DASHES, '-')
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase()
}

// renovation's answers (domain/passes.py GateAnswer), and `not_found` for a number no pass of the project has (its 404).
// Green lets the worker in; amber is a good pass at the wrong time; red is a pass that no longer lets anyone in.
const TONES = { valid: 'ok', outside_hours: 'wait', not_yet_valid: 'wait', expired: 'stop', revoked: 'stop',
                returned: 'stop', not_found: 'unknown' }
export const PASS_ANSWERS = Object.keys(TONES)
export const passTone = (answer) => TONES[answer] || 'unknown'
export const letsIn = (answer) => answer === 'valid'

/** One check as the gate shows it and lists it: from renovation's answer, or a number it does not know. */
export function passCheck(number, answer, now = new Date()) {
  if (!answer) return { number, answer: 'not_found', checkedAt: now.toISOString(), pass: null }
  return { number: answer.number, answer: answer.answer, checkedAt: answer.checked_at, pass: answer.pass }
}

/** Today's checks at this gate, newest first: the new one on top, earlier days' dropped, at most `limit` kept. */
export function addCheck(checks, check, dayOf, limit = 200) {
  const today = dayOf(check.checkedAt)
  return [check, ...checks.filter((c) => dayOf(c.checkedAt) === today)].slice(0, limit)
}
