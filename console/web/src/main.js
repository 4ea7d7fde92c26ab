import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createRouter, createWebHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n } from './i18n.js'
import IntakeView from './views/IntakeView.vue'
import BoardView from './views/BoardView.vue'
import TicketView from './views/TicketView.vue'
import TechnicianView from './views/TechnicianView.vue'
import TechnicianJobView from './views/TechnicianJobView.vue'
import ReturnVisitsView from './views/ReturnVisitsView.vue'
import InboxView from './views/InboxView.vue'
import ApprovalsView from './views/ApprovalsView.vue'
import DeskView from './views/DeskView.vue'
import DeskParcels from './views/desk/DeskParcels.vue'
import DeskKeys from './views/desk/DeskKeys.vue'
import DeskMessages from './views/desk/DeskMessages.vue'
import DeskItems from './views/desk/DeskItems.vue'
import DeskAnswers from './views/desk/DeskAnswers.vue'
import DeskMoveIn from './views/desk/DeskMoveIn.vue'
import DeskNotices from './views/desk/DeskNotices.vue'
import DeskReports from './views/desk/DeskReports.vue'
import DeskSurveys from './views/desk/DeskSurveys.vue'
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
