import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createRouter, createWebHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n } from './i18n.js'
// Every screen but the board (most people's first) is its own chunk, fetched when first opened: the first load
// carries the framework and the board only (issue 13's aim: under 500 KB compressed; bench/console.py measures it).
const IntakeView = () => import('./views/IntakeView.vue')
import BoardView from './views/BoardView.vue'
const TicketView = () => import('./views/TicketView.vue')
const TechnicianView = () => import('./views/TechnicianView.vue')
const TechnicianJobView = () => import('./views/TechnicianJobView.vue')
const ReturnVisitsView = () => import('./views/ReturnVisitsView.vue')
const InboxView = () => import('./views/InboxView.vue')
const ApprovalsView = () => import('./views/ApprovalsView.vue')
const DeskView = () => import('./views/DeskView.vue')
const DeskParcels = () => import('./views/desk/DeskParcels.vue')
const DeskKeys = () => import('./views/desk/DeskKeys.vue')
const DeskMessages = () => import('./views/desk/DeskMessages.vue')
const DeskItems = () => import('./views/desk/DeskItems.vue')
const DeskAnswers = () => import('./views/desk/DeskAnswers.vue')
const DeskMoveIn = () => import('./views/desk/DeskMoveIn.vue')
const DeskNotices = () => import('./views/desk/DeskNotices.vue')
const DeskReports = () => import('./views/desk/DeskReports.vue')
const DeskSurveys = () => import('./views/desk/DeskSurveys.vue')
import { homeFor } from './home.js'
import { archiveRoutes } from './routes-archives.js'
import { frontlineRoutes } from './routes-frontline.js'
import { renovationRoutes } from './routes-renovation.js'
import { settingsRoutes } from './routes-settings.js'
import { hqRoutes } from './routes-hq.js'
import { useSession } from './stores/session.js'

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/board' },
    { path: '/intake', component: IntakeView },
    { path: '/board', component: BoardView },
    { path: '/tickets/:id', component: TicketView, props: true },
    { path: '/my-jobs', component: TechnicianView },
    { path: '/my-jobs/:id', component: TechnicianJobView, props: true },
    { path: '/return-visits', component: ReturnVisitsView },
    { path: '/inbox', component: InboxView },
    { path: '/approvals', component: ApprovalsView },
    {
      path: '/desk', component: DeskView, redirect: '/desk/parcels',
      children: [
        { path: 'parcels', component: DeskParcels }, { path: 'keys', component: DeskKeys },
        { path: 'messages', component: DeskMessages }, { path: 'items', component: DeskItems },
        { path: 'answers', component: DeskAnswers }, { path: 'move-in', component: DeskMoveIn },
        { path: 'notices', component: DeskNotices }, { path: 'surveys', component: DeskSurveys },
        { path: 'reports', component: DeskReports },
      ],
    },
    ...frontlineRoutes,
    ...renovationRoutes,
    ...settingsRoutes,
    ...archiveRoutes,
    ...hqRoutes,
  ],
})

// el-calendar starts its weeks on the global dayjs locale's first day: Monday, as calendars in China do and as
// ticketing's weekly_hours are ordered (the date pickers take their language from el-config-provider).
dayjs.locale('zh-cn')

const pinia = createPinia()
// Each person starts on their own screen: a technician on their jobs, not on a board they may not read.
router.beforeEach(async (to) => {
  if (to.path !== '/board') return true
  const session = useSession(pinia)
  await session.load().catch(() => null)
  const home = homeFor(session.me?.roles || [])
  return home === '/board' ? true : home
})

createApp(App).use(pinia).use(router).use(i18n).use(ElementPlus).mount('#app')
