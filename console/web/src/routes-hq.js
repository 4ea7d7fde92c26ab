// The HQ dashboard 总部看板 (issue 17, item 6): its route, and who sees it in the nav (HQ roles only; ticketing and
// billing refuse a project's token on the /hq reads anyway).
import HqDashboardView from './views/HqDashboardView.vue'
import { HQ_ROLES } from './roles.js'

export const hqRoutes = [{ path: '/hq', component: HqDashboardView }]

export const hqLinks = (session, t) => [
  session.me?.hq && session.has(...HQ_ROLES) && { to: '/hq', label: t('nav.hq') },
]
