// Renovation 装修 (issue 16's console part): the applications, one application's page and the patrols' phone page,
// and who sees them in the nav; renovation decides every call again.
import './renovation.css'
import { PATROL_PAGE_ROLES, RENOVATION_ROLES } from './renovation.js'
const RenovationApplication = () => import('./views/renovation/RenovationApplication.vue')
const RenovationList = () => import('./views/renovation/RenovationList.vue')
const RenovationPatrols = () => import('./views/renovation/RenovationPatrols.vue')

export const renovationRoutes = [
  { path: '/renovation', component: RenovationList },
  { path: '/renovation/patrols', component: RenovationPatrols },
  { path: '/renovation/:id', component: RenovationApplication, props: true },
]

export const renovationLinks = (session, t) => [
  session.has(...RENOVATION_ROLES) && { to: '/renovation', label: t('nav.renovation') },
  session.has(...PATROL_PAGE_ROLES) && { to: '/renovation/patrols', label: t('nav.patrols') },
]
