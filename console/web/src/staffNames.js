import { get } from './api.js'

/**
 * Names of the project's people for lists that carry person ids (requests, the access log): only the project
 * manager may list staff (identity:admin); anyone else sees ids, and their own name.
 */
export async function loadStaffNames(session) {
  if (!session.has('project_manager')) return {}
  try {
    const page = await get('/api/identity/staff', { page_size: 200 })
    return Object.fromEntries(page.items.map((person) => [person.id, person.name]))
  } catch {
    return {} // ids instead of names: the lists still work
  }
}
