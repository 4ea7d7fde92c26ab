import { createI18n } from 'vue-i18n'
import { archivesEn, archivesZh } from './i18n-archives.js'
import { answersEn, answersZh, deskEn, deskZh } from './i18n-desk.js'
import { approvalsEn, approvalsZh } from './i18n-approvals.js'
import { cashierEn, cashierZh, gateEn, gateZh } from './i18n-frontline.js'
import { settingsEn, settingsZh } from './i18n-settings.js'
import { hqEn, hqZh } from './i18n-hq.js'
import { renovationEn, renovationZh } from './i18n-renovation.js'

const zh = {
  app: { title: '物业客服平台', signOut: '退出登录', language: 'English', signIn: '登录', signedOut: '您已退出登录' },
  nav: { intake: '受理', board: '派单看板', technician: '我的工单', visits: '回访', desk: '总服务台', gate: '访客登记', cashier: '收费', approvals: '待审批', settings: '设置', archives: '业户档案', hq: '总部看板', renovation: '装修', patrols: '装修巡查' },
  roles: {
    cs_assistant: '客服助理', cs_administrator: '客服管理员', cs_supervisor: '客服主管', project_manager: '项目经理',
    engineering_supervisor: '工程主管', technician: '维修技工', security: '保安', security_supervisor: '保安主管', duty_officer: '值班员',
    finance_clerk: '财务', zone_steward: '片区管家', hq_general_manager: '总部总经理',
    hq_management_representative: '总部管理者代表', hq_auditor: '总部审计',
  },
  kind: { repair: '报修', complaint: '投诉', inquiry: '咨询', help_request: '求助', community_matter: '社区事务', suggestion: '建议' },
  category: { urgent: '急修', general: '一般' },
  channel: { phone: '电话', walk_in: '来访' },
  status: {
    received: '已受理', dispatched: '已派单', accepted: '已接单', on_site: '已到场', awaiting_quote_consent: '待确认报价',
    in_progress: '处理中', waiting_customer: '等待客户', waiting_parts: '等待配件', resolved: '已有结果',
    awaiting_return_visit: '待回访', closed: '已结案', reopened: '重新打开', cancelled: '已撤销',
  },
  subtype: {
    common_parts_danger: '公共部位险情', indoor_wiring_outage_or_leakage: '户内线路停电/漏电',
    no_water_or_burst_pipe: '停水/爆管', blocked_drain: '下水道堵塞', lift_failure: '电梯故障',
    broken_floor_or_stair_board: '楼板/楼梯板损坏', loose_railing: '栏杆松动', other_danger: '其他危险情况',
  },
  target: { first_response: '首次响应', on_site: '到场', assessed: '评估', fixed: '修复', resolved: '办结', closed: '结案',
            renovation_completeness: '客服资料审核', renovation_drawings: '工程图纸审核', renovation_approval: '经理审批' },
  action: {
    receive: '受理', respond: '回复', dispatch: '派单', accept: '接单', arrive: '到场', record_nobody_home: '无人在家', reschedule: '改约',
    send_quote: '报价', accept_quote: '客户接受报价', decline_quote: '客户拒绝报价', start_work: '开始维修',
    pause_for_customer: '等待客户', pause_for_parts: '等待配件', resume: '继续', resolve: '填写结果',
    customer_sign_off: '客户签字', close: '结案', reopen: '重新打开', cancel: '撤销',
    // History lines only (no button): the complaint's steps and the SLA ladder.
    analyse: '投诉原因分析', open_non_conformance: '开具不合格品/服务记录', reclassify: '更改类型',
    sla_breached: '超出时限', escalation_notified: '逐级上报',
  },
  intake: {
    title: '受理登记', channel: '受理渠道', callerName: '来电/来访人', callbackPhone: '回电号码', unit: '房屋',
    building: '楼栋', floor: '楼层', room: '房号', kind: '类型', subtype: '急修项目', subtypeNone: '非急修项目',
    dangerous: '现场有危险', titleField: '事项', description: '详细描述', deadlines: '保存后将获得的时限',
    submit: '保存工单 (Ctrl+Enter)', saved: '已保存工单', duplicate: '该房屋已有未结的同类工单：',
    urgentHint: '须立即派单，到场时限短', networkError: '网络异常，已保留填写内容，请重试（将使用同一幂等键）',
    required: '必填', phoneInvalid: '请输入正确的电话号码', reset: '新建',
  },
  board: {
    title: '派单看板', technicians: '维修技工（把卡片拖到技工上派单）', unassigned: '未派单', dropHere: '拖到此处派单',
    dispatched: '已派给', live: '实时', reconnecting: '正在重连…', noTechnicians: '本项目暂无维修技工',
    dispatchRefused: '派单被拒绝：',
    filterKind: '类型', filterCategory: '急修/一般', onlyUnassigned: '只看未派单', filterText: '搜索事项或房号',
    clearFilters: '清除筛选', keysHint: '选中卡片后按数字键派给对应技工', breachingSoon: '即将超时',
    loadFailed: '{what}加载失败', retry: '重试', retrying: '{what}加载失败：{reason}。正在自动重试（第 {n}/{of} 次）…',
    gaveUp: '{reason}。已自动重试 {of} 次，请稍后点击“重试”。', truncated: '未结工单超过 {n} 张，只显示最新的 {n} 张',
    failure: { network: '网络连接中断', timeout: '服务器响应超时', server: '服务暂时不可用（{status}）',
      refused: '请求被拒绝（{status}）{detail}', unknown: '出现未知错误' },
  },
  ticket: {
    detail: '工单详情', history: '处理记录', deadlines: '时限', actions: '可执行操作', note: '备注', result: '处理结果',
    assignee: '处理人', department: '部门', signedBy: '签字人', caller: '来电人', phone: '回电号码', created: '受理时间',
    refused: '操作被拒绝：', met: '已达成', back: '返回', attachments: '现场照片与客户签名', noAttachments: '暂无照片或签名',
    otherProject: '项目 {project} 的工单（总部只读查看；处理由该项目进行）',
  },
  visits: {
    title: '今日回访', script: '回访话术', overdue: '已超期', due: '应回访', assigned: '已分配',
    satisfaction: '满意度（1–5）', cameBack: '问题是否复发', yes: '是', no: '否', method: '方式', phone: '电话',
    inPerson: '上门', comments: '客户意见', save: '保存回访结果', empty: '今日暂无待回访',
    reopened: '客户不满意，工单已重新打开：', openTicket: '查看工单', closes: '客户满意，工单将结案',
    scores: { 5: '很满意', 4: '满意', 3: '一般', 2: '不满意', 1: '很不满意' },
    scriptLines: [
      '您好，我是物业客服中心的客服，打扰您一分钟做个回访。',
      '您前几天报修的问题，我们的师傅已经处理完毕（说明维修内容）。',
      '请问您对这次服务满意吗？请从1到5分打分，5分为非常满意。',
      '请问问题有没有再次出现？',
      '感谢您的配合，祝您生活愉快，再见！',
    ],
  },
  inbox: {
    title: '消息/待办', bell: '消息', unreadCount: '{n} 条未读', filters: { unread: '未读', all: '全部' },
    kind: { escalation: '超时升级', approval_requested: '待审批' }, level: '第{n}级',
    status: { unread: '未读', read: '已读', done: '已完成' },
    headline: { escalation: '工单{deadline}超时', approval_requested: '不合格品/服务记录待您审批', renovation: '装修申请{deadline}超时' },
    late: { underMinute: '超时不到 1 分钟', minutes: '超时 {m} 分钟', hours: '超时 {h} 小时 {m} 分钟', days: '超时 {d} 天 {h} 小时' },
    action: {
      chase_assignee: '立即联系处理人，推动工单，并告知客户何时完成',
      take_charge: '接管工单：改派或增派人员，并亲自致电客户',
      intervene: '总部介入：查明项目为何两次超时，并督导项目经理',
      approve_non_conformance: '审核并批准不合格品/服务记录处理单',
    },
    // A renovation application waiting on a review step past its deadline (renovation.review.overdue), by level.
    renovationAction: {
      chase_reviewer: '督促本步骤审核人员尽快处理', take_charge: '项目经理亲自过问：指定人员当天完成审核',
      intervene: '总部介入：查明项目为何一再超时，并督导项目经理',
    },
    application: '装修申请', todo: '应做：', ticket: '工单', due: '时限', project: '项目', done: '完成',
    empty: '暂无消息', emptyUnread: '没有未读消息', more: '仅显示最新 {n} 条，共 {total} 条',
  },
  tech: {
    appointment: '预约时间', callCustomer: '致电客户', offline: '网络不通，未保存；有信号后请再按一次（不会重复）',
    consentTitle: '请客户确认报价', consentHint: '请把手机交给客户看清项目和金额，客户同意后再开始维修。',
    total: '合计', customerAgrees: '客户同意报价', customerRefuses: '客户不同意', declineReason: '客户不同意的原因',
    quoteAccepted: '客户已同意报价', quoteTitle: '现场报价（按收费标准）', pickItem: '选择维修项目', addLine: '加入',
    sendQuote: '生成报价并请客户确认', photos: '现场照片与签名', takePhoto: '拍照上传', signHere: '请客户在此签名',
    clearSignature: '重签', signOffHint: '请客户检查维修结果，满意后在下面签名。', newAppointment: '重新预约时间',
    nobodyHomeNote: '如：敲门无人应答，已留言条', tooLarge: '照片超过 10 MB，请降低相机分辨率后重拍', kind: { photo: '照片', signature: '客户签名' },
  },
  common: { cancel: '取消', confirm: '确定', loading: '加载中…', none: '无' },
  desk: deskZh,
  gate: gateZh,
  cashier: cashierZh,
  approvals: approvalsZh,
  settings: settingsZh,
  hq: hqZh,
  answers: answersZh,
  archives: archivesZh,
  renovation: renovationZh,
}

const en = {
  app: { title: 'Property service console', signOut: 'Sign out', language: '中文', signIn: 'Sign in', signedOut: 'You have signed out' },
  nav: { intake: 'Intake', board: 'Dispatch board', technician: 'My jobs', visits: 'Return visits', desk: 'Front desk', gate: 'Visitor desk', cashier: 'Cashier', approvals: 'Approvals', settings: 'Settings', archives: 'Archives', hq: 'HQ dashboard', renovation: 'Renovation', patrols: 'Patrols' },
  roles: {
    cs_assistant: 'CS assistant', cs_administrator: 'CS administrator', cs_supervisor: 'CS supervisor',
    project_manager: 'Project manager', engineering_supervisor: 'Engineering supervisor', technician: 'Technician',
    security: 'Security', security_supervisor: 'Security supervisor', duty_officer: 'Duty officer', finance_clerk: 'Finance clerk', zone_steward: 'Zone steward',
    hq_general_manager: 'HQ general manager', hq_management_representative: 'HQ management rep.', hq_auditor: 'HQ auditor',
  },
  kind: { repair: 'Repair', complaint: 'Complaint', inquiry: 'Inquiry', help_request: 'Help request', community_matter: 'Community matter', suggestion: 'Suggestion' },
  category: { urgent: 'Urgent', general: 'General' },
  channel: { phone: 'Phone', walk_in: 'Walk-in' },
  status: {
    received: 'Received', dispatched: 'Dispatched', accepted: 'Accepted', on_site: 'On site', awaiting_quote_consent: 'Quote sent',
    in_progress: 'In progress', waiting_customer: 'Waiting for customer', waiting_parts: 'Waiting for parts', resolved: 'Resolved',
    awaiting_return_visit: 'Awaiting return visit', closed: 'Closed', reopened: 'Reopened', cancelled: 'Cancelled',
  },
  subtype: {
    common_parts_danger: 'Danger in common parts', indoor_wiring_outage_or_leakage: 'Indoor power cut / leakage',
    no_water_or_burst_pipe: 'No water / burst pipe', blocked_drain: 'Blocked drain', lift_failure: 'Lift failure',
    broken_floor_or_stair_board: 'Broken floor / stair board', loose_railing: 'Loose railing', other_danger: 'Other danger',
  },
  target: { first_response: 'First response', on_site: 'On site', assessed: 'Assessed', fixed: 'Fixed', resolved: 'Resolved', closed: 'Closed',
            renovation_completeness: 'CS completeness check', renovation_drawings: 'drawings check', renovation_approval: 'manager approval' },
  action: {
    receive: 'Received', respond: 'Respond', dispatch: 'Dispatch', accept: 'Accept', arrive: 'Arrive', record_nobody_home: 'Nobody home',
    reschedule: 'Reschedule', send_quote: 'Send quote', accept_quote: 'Quote accepted', decline_quote: 'Quote declined',
    start_work: 'Start work', pause_for_customer: 'Wait for customer', pause_for_parts: 'Wait for parts', resume: 'Resume',
    resolve: 'Record result', customer_sign_off: 'Customer sign-off', close: 'Close', reopen: 'Reopen', cancel: 'Cancel',
    analyse: 'Complaint analysed', open_non_conformance: 'Non-conformance record opened', reclassify: 'Reclassified',
    sla_breached: 'Deadline missed', escalation_notified: 'Escalated',
  },
  intake: {
    title: 'New ticket', channel: 'Channel', callerName: 'Caller', callbackPhone: 'Callback phone', unit: 'Unit',
    building: 'Building', floor: 'Floor', room: 'Room', kind: 'Kind', subtype: 'Urgent item', subtypeNone: 'Not an urgent item',
    dangerous: 'Dangerous on site', titleField: 'Subject', description: 'Description', deadlines: 'Deadlines the ticket will get',
    submit: 'Save ticket (Ctrl+Enter)', saved: 'Ticket saved', duplicate: 'This unit already has an open ticket of this kind: ',
    urgentHint: 'dispatch at once; short on-site limit', networkError: 'Network error. Your entries are kept; retry (same idempotency key).',
    required: 'Required', phoneInvalid: 'Enter a valid phone number', reset: 'New',
  },
  board: {
    title: 'Dispatch board', technicians: 'Technicians (drop a card on one to dispatch)', unassigned: 'Unassigned',
    dropHere: 'Drop here to dispatch', dispatched: 'Dispatched to', live: 'Live', reconnecting: 'Reconnecting…',
    noTechnicians: 'No technicians in this project', dispatchRefused: 'Dispatch refused: ',
    filterKind: 'Kind', filterCategory: 'Urgent/general', onlyUnassigned: 'Unassigned only', filterText: 'Search title or unit',
    clearFilters: 'Clear filters', keysHint: 'Focus a card and press a number to dispatch it', breachingSoon: 'Breaching soon',
    loadFailed: '{what}: not loaded', retry: 'Retry', retrying: '{what}: not loaded ({reason}). Retrying ({n} of {of})…',
    gaveUp: 'Cause: {reason}. Retried {of} times; try again in a moment.', truncated: 'More than {n} open tickets: the newest {n} are shown',
    failure: { network: 'the network is down', timeout: 'the server took too long', server: 'the service is unavailable ({status})',
      refused: 'the request was refused ({status}) {detail}', unknown: 'something went wrong' },
  },
  ticket: {
    detail: 'Ticket', history: 'History', deadlines: 'Deadlines', actions: 'Actions', note: 'Note', result: 'Result',
    assignee: 'Assignee', department: 'Department', signedBy: 'Signed by', caller: 'Caller', phone: 'Callback phone',
    created: 'Received at', refused: 'Refused: ', met: 'met', back: 'Back', attachments: "Photos and the customer's signature",
    noAttachments: 'No photos or signature yet',
    otherProject: 'A ticket of project {project} (HQ reads it; the project acts on it)',
  },
  visits: {
    title: 'Return visits today', script: 'Call script', overdue: 'Overdue', due: 'Due', assigned: 'Assigned',
    satisfaction: 'Satisfaction (1–5)', cameBack: 'Did the problem come back?', yes: 'Yes', no: 'No', method: 'Method',
    phone: 'Phone', inPerson: 'In person', comments: 'Comments', save: 'Save outcome', empty: 'No return visits due today',
    reopened: 'Customer unhappy, the ticket was reopened:', openTicket: 'Open ticket', closes: 'Customer satisfied, the ticket will close',
    scores: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Neutral', 2: 'Unsatisfied', 1: 'Very unsatisfied' },
    scriptLines: [
      'Hello, this is the property service centre; may I take a minute for a follow-up call?',
      'Your recent repair has been completed (say what was fixed).',
      'How satisfied are you with the service, from 1 to 5, 5 being very satisfied?',
      'Has the problem come back?',
      'Thank you for your time, goodbye!',
    ],
  },
  inbox: {
    title: 'Inbox', bell: 'Inbox', unreadCount: '{n} unread', filters: { unread: 'Unread', all: 'All' },
    kind: { escalation: 'Escalation', approval_requested: 'Approval' }, level: 'Level {n}',
    status: { unread: 'Unread', read: 'Read', done: 'Done' },
    headline: { escalation: 'Deadline missed: {deadline}', approval_requested: 'Non-conformance record awaits your approval',
                renovation: 'Renovation review overdue: {deadline}' },
    late: { underMinute: 'under 1 min late', minutes: '{m} min late', hours: '{h} h {m} min late', days: '{d} d {h} h late' },
    action: {
      chase_assignee: 'Contact the assignee now, get the ticket moving and tell the customer when it will be done',
      take_charge: 'Take charge: reassign or add people, and call the customer yourself',
      intervene: 'HQ: find out why the project missed the deadline twice and direct the project manager',
      approve_non_conformance: 'Review and approve the non-conformance record',
    },
    renovationAction: {
      chase_reviewer: "Get the step's reviewers to decide it now", take_charge: 'Project manager: have the review done today',
      intervene: 'HQ: find out why the project keeps missing the deadline and direct the project manager',
    },
    application: 'Renovation application', todo: 'To do:', ticket: 'Ticket', due: 'Due', project: 'Project', done: 'Done',
    empty: 'Nothing in your inbox', emptyUnread: 'No unread items', more: 'Showing the newest {n} of {total}',
  },
  tech: {
    appointment: 'Appointment', callCustomer: 'Call the customer', offline: 'No network, not saved; press again when you have a signal (it will not be done twice)',
    consentTitle: 'Ask the customer to accept the quote', consentHint: 'Hand the phone to the customer to read the items and the amount; start work only once they agree.',
    total: 'Total', customerAgrees: 'Customer accepts', customerRefuses: 'Customer refuses', declineReason: 'Why the customer refuses',
    quoteAccepted: 'The customer accepted the quote', quoteTitle: 'Quote on site (price list)', pickItem: 'Pick a repair item', addLine: 'Add',
    sendQuote: 'Make the quote and ask the customer', photos: 'Photos and signature', takePhoto: 'Take a photo', signHere: 'Customer signs here',
    clearSignature: 'Clear', signOffHint: 'Ask the customer to check the work and sign below if satisfied.', newAppointment: 'New appointment',
    nobodyHomeNote: 'e.g. nobody answered, left a note', tooLarge: 'The photo is over 10 MB; lower the camera resolution and take it again', kind: { photo: 'Photo', signature: 'Signature' },
  },
  common: { cancel: 'Cancel', confirm: 'OK', loading: 'Loading…', none: 'None' },
  desk: deskEn,
  gate: gateEn,
  cashier: cashierEn,
  approvals: approvalsEn,
  settings: settingsEn,
  hq: hqEn,
  answers: answersEn,
  archives: archivesEn,
  renovation: renovationEn,
}

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('kefu.locale') : null

export const i18n = createI18n({ legacy: false, locale: saved || 'zh', fallbackLocale: 'zh', messages: { zh, en } })

export function switchLocale() {
  const next = i18n.global.locale.value === 'zh' ? 'en' : 'zh'
  i18n.global.locale.value = next
  localStorage.setItem('kefu.locale', next)
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en'
}
