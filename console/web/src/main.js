import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createRouter, createWebHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n } from './i18n.js'
import IntakeView from './views/IntakeView.vue'
import BoardView from './views/BoardView.vue'
import TicketView from './views/TicketView.vue'
import TechnicianView from './views/TechnicianView.vue'
import ReturnVisitsView from './views/ReturnVisitsView.vue'
import InboxView from './views/InboxView.vue'
import DeskView from './views/DeskView.vue'
import DeskParcels from './views/desk/DeskParcels.vue'
import DeskKeys from './views/desk/DeskKeys.vue'
import DeskMessages from './views/desk/DeskMessages.vue'
import DeskItems from './views/desk/DeskItems.vue'
import DeskAnswers from './views/desk/DeskAnswers.vue'

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/board' },
    { path: '/intake', component: IntakeView },
    { path: '/board', component: BoardView },
    { path: '/tickets/:id', component: TicketView, props: true },
    { path: '/my-jobs', component: TechnicianView },
    { path: '/return-visits', component: ReturnVisitsView },
    { path: '/inbox', component: InboxView },
    {
      path: '/desk', component: DeskView, redirect: '/desk/parcels',
      children: [
        { path: 'parcels', component: DeskParcels }, { path: 'keys', component: DeskKeys },
        { path: 'messages', component: DeskMessages }, { path: 'items', component: DeskItems },
        { path: 'answers', component: DeskAnswers },
      ],
    },
  ],
})

createApp(App).use(createPinia()).use(router).use(i18n).use(ElementPlus).mount('#app')
