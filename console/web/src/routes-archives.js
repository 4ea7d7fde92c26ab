// 业户档案 (issue 17, item 2): the routes and who sees them in the nav; identity decides every read again.
import { ARCHIVE_ROLES, isKeeper } from './archives.js'
import { useSession } from './stores/session.js'
const ArchivesView = () => import('./views/ArchivesView.vue')
const ArchiveBorrowing = () => import('./views/archives/ArchiveBorrowing.vue')
const ArchiveLog = () => import('./views/archives/ArchiveLog.vue')
const ArchiveUnit = () => import('./views/archives/ArchiveUnit.vue')

export const archiveRoutes = [
  {
    path: '/archives', component: ArchivesView,
    // Keepers start on the unit's archive; everyone else reads only through a borrowing request.
    beforeEnter: async (to) => {
      if (to.path !== '/archives' && to.path !== '/archives/') return true
      const session = useSession()
      await session.load().catch(() => null)
      return isKeeper(session.me?.roles || []) ? '/archives/unit' : '/archives/borrowing'
    },
    children: [
      { path: 'unit', component: ArchiveUnit }, { path: 'borrowing', component: ArchiveBorrowing },
      { path: 'log', component: ArchiveLog },
    ],
  },
]

export const archiveLinks = (session, t) => [
  session.has(...ARCHIVE_ROLES) && { to: '/archives', label: t('nav.archives') },
]
