// The intake's choices, in ticketing's words (the labels are in i18n.js).
export const KINDS = ['repair', 'complaint', 'inquiry', 'help_request', 'community_matter', 'suggestion']
export const CHANNELS = ['phone', 'walk_in']
// TK-5: these repairs are urgent (急修); anything else is a general repair.
export const URGENT_SUBTYPES = [
  'no_water_or_burst_pipe', 'indoor_wiring_outage_or_leakage', 'blocked_drain', 'lift_failure',
  'common_parts_danger', 'broken_floor_or_stair_board', 'loose_railing', 'other_danger',
]
export const OPEN = (ticket) => !['closed', 'cancelled'].includes(ticket.status)
export const PHONE = /^\+?[0-9][0-9 -]{5,19}$/
