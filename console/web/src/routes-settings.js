// The manager's settings 设置 (issue 17, item 5): its route with one tab each, and who sees it in the nav.
import SettingsView from './views/SettingsView.vue'
import SettingsCalendar from './views/settings/SettingsCalendar.vue'
import SettingsCatalogue from './views/settings/SettingsCatalogue.vue'
import SettingsSla from './views/settings/SettingsSla.vue'
import SettingsStaff from './views/settings/SettingsStaff.vue'
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
