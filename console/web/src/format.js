// Display rules shared by every screen: project-zone times, money from fen, masked phones, SLA countdowns.

const AMBER_MS = 30 * 60 * 1000 // under 30 minutes left: amber

/** 138****1234: the first three and last four digits; shorter numbers are hidden entirely. */
export function maskPhone(phone) {
  if (!phone) return ''
  const value = String(phone).trim()
  if (value.includes('*')) return value // already masked by the service
  if (value.length <= 7) return '*'.repeat(value.length)
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4)
}

/** ¥1,234.50 from 123450 fen; integers only, so no floating-point rounding of money. */
export function formatMoney(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  const value = BigInt(fen)
  const negative = value < 0n
  const abs = negative ? -value : value
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const cents = (abs % 100n).toString().padStart(2, '0')
  return `${negative ? '-' : ''}¥${yuan}.${cents}`
}

/** YYYY-MM-DD HH:mm in the project's time zone (not the browser's). */
export function formatDateTime(value, timeZone = 'Asia/Shanghai') {
  if (!value) return ''
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return ''
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

function clock(ms) {
  const total = Math.floor(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n) => String(n).padStart(2, '0')
  return h >= 48 ? `${Math.floor(h / 24)}d ${pad(h % 24)}:${pad(m)}` : `${pad(h)}:${pad(m)}:${pad(s)}`
}

/**
 * Time left to a deadline: level 'ok' (green), 'warning' (amber, under 30 min) or 'breached' (red),
 * and a text such as 01:05:09, or -00:02:00 once breached.
 */
export function countdown(dueAt, now = Date.now()) {
  if (!dueAt) return null
  const left = new Date(dueAt).getTime() - now
  if (Number.isNaN(left)) return null
  if (left <= 0) return { level: 'breached', text: '-' + clock(-left), ms: left }
  return { level: left < AMBER_MS ? 'warning' : 'ok', text: clock(left), ms: left }
}

/** How long ago (minutes/hours/days) something was created, for a card's age. */
export function age(createdAt, now = Date.now()) {
  const minutes = Math.max(0, Math.floor((now - new Date(createdAt).getTime()) / 60000))
  if (minutes < 60) return `${minutes}m`
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h${minutes % 60 ? ` ${minutes % 60}m` : ''}`
  return `${Math.floor(minutes / 1440)}d`
}

/** The earliest deadline not yet met, from a ticket's sla view (next_breach) or its deadlines. */
export function nextDue(ticket) {
  if (ticket?.next_breach?.due_at) return ticket.next_breach.due_at
  return null
}
