// The HQ dashboard 总部看板 (issue 17, item 6): its route, and who sees it in the nav (HQ roles only; ticketing and
// billing refuse a project's token on the /hq reads anyway).
// The view is loaded on first visit (its own chunk, with ECharts): no one else downloads the charts.
import { HQ_ROLES } from './roles.js'

export const hqRoutes = [{ path: '/hq', component: () => import('./views/HqDashboardView.vue') }]

export const hqLinks = (session, t) => [
  session.me?.hq && session.has(...HQ_ROLES) && { to: '/hq', label: t('nav.hq') },
]
