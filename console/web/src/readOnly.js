// Read-only people (kefulib.read_only: the HQ auditor): every service refuses their writes, so no screen offers one.

/** True when every role the person holds is read-only; one working role besides (an auditor who is also a
 *  project's CS assistant) and they act under it, as the services decide. */
export const readsOnly = (roles) => Boolean(roles?.length) && roles.every((role) => role === 'hq_auditor')
