// The manager's settings 设置 (issue 17, item 5): its route with one tab each, and who sees it in the nav.
const SettingsView = () => import('./views/SettingsView.vue')
const SettingsCalendar = () => import('./views/settings/SettingsCalendar.vue')
const SettingsCatalogue = () => import('./views/settings/SettingsCatalogue.vue')
const SettingsSla = () => import('./views/settings/SettingsSla.vue')
const SettingsStaff = () => import('./views/settings/SettingsStaff.vue')
import { SETTINGS_READERS, STAFF_ADMINS } from './settings.js'

export const settingsRoutes = [
  {
    path: '/settings', component: SettingsView, redirect: '/settings/sla',
    children: [
      { path: 'sla', component: SettingsSla }, { path: 'calendar', component: SettingsCalendar },
      { path: 'catalogue', component: SettingsCatalogue }, { path: 'staff', component: SettingsStaff },
    ],
  },
]

export const settingsLinks = (session, t) => [
  session.has(...SETTINGS_READERS, ...STAFF_ADMINS) && { to: '/settings', label: t('nav.settings') },
]
