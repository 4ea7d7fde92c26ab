// Roles the console names in more than one place: one list each, so a new role is added once.

// Headquarters' people: they see every project of the company (identity's HQ roles).
export const HQ_ROLES = ['hq_general_manager', 'hq_management_representative', 'hq_auditor']
