// Which screen a person starts on, from their roles (the services enforce the roles again on every call).

export const INTAKE_ROLES = ['cs_assistant', 'cs_administrator', 'cs_supervisor', 'duty_officer', 'project_manager']
export const BOARD_ROLES = [...INTAKE_ROLES, 'engineering_supervisor']
export const VISIT_ROLES = ['cs_assistant', 'cs_administrator', 'cs_supervisor', 'project_manager']

export function homeFor(roles) {
  if (roles.some((role) => BOARD_ROLES.includes(role))) return '/board'
  if (roles.includes('technician')) return '/my-jobs'
  return '/inbox' // everyone has an inbox; HQ and security have no board
}
