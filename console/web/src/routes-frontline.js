// The gate's visitor desk and the cashier (issue 17, items 3 and 4): their routes and who sees them in the nav.
const CashierView = () => import('./views/CashierView.vue')
const GateView = () => import('./views/GateView.vue')
const ReceiptView = () => import('./views/ReceiptView.vue')

export const GATE_ROLES = ['security', 'security_supervisor', 'project_manager', 'duty_officer', 'cs_supervisor',
  'hq_auditor'] // the auditor reads the gate's lists (visits:read); GateView shows no control that writes
export const CASHIER_ROLES = ['cs_assistant', 'cs_administrator', 'cs_supervisor', 'finance_clerk', 'project_manager',
  'hq_auditor']

export const frontlineRoutes = [
  { path: '/gate', component: GateView },
  { path: '/cashier', component: CashierView },
  { path: '/cashier/receipts/:number', component: ReceiptView, props: true },
]

export const frontlineLinks = (session, t) => [
  session.has(...GATE_ROLES) && { to: '/gate', label: t('nav.gate') },
  session.has(...CASHIER_ROLES) && { to: '/cashier', label: t('nav.cashier') },
]
