// The gate's rules in the browser: which live events make the visitor desk read its lists again.

// visits announces no visitor of its own, so the console pings its gates (console.gate.changed, visibility.py);
// a message left at the desk for a resident is desk's (console.desk.changed) and does not touch the gate's lists.
const GATE_EVENTS = ['console.gate.']
export const refreshesGate = (event) => GATE_EVENTS.some((prefix) => (event?.type || '').startsWith(prefix))
