// Texts of the manager's settings screen 设置, merged into i18n.js.
export const settingsZh = {
  title: '设置', readOnly: '只读：只有项目经理可以修改设置', save: '保存', saved: '已保存', refused: '未保存：',
  forbidden: '您没有修改权限（服务端已拒绝）', field: '{field}：{message}', network: '网络异常，未保存，请重试',
  updated: '最近修改：{at}',
  tabs: { sla: '服务时限', calendar: '工作日历', catalogue: '价目表', staff: '人员与角色' },
  sla: {
    target: '时限项目', minutes: '时限（分钟）', clock: '计时方式', hours: '约 {h} 小时',
    clocks: { '24x7': '全天候 (24×7)', business: '按工作日历' },
    targets: {
      help_first_response: '求助首次响应', immediate_on_site: '即时维修到场', urgent_on_site: '急修到场',
      urgent_fixed: '急修修复', general_fixed: '一般维修修复', off_catalogue_assessed: '非价目表项目评估',
    },
    ladder: '逐级升级（时限的倍数）', ladderHint: '第 1 级为时限本身；之后每级须更大，最多 10 倍',
    levels: { supervisor: '主管', manager: '项目经理', hq: '总部' },
  },
  calendar: {
    hours: '每周工作时间', hoursHint: '格式 08:30-12:00, 13:30-17:30；留空为休息日',
    weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    extraHours: '调休上班日的工作时间', badHours: '请按 HH:MM-HH:MM 填写，多段用逗号分隔',
    clickHint: '点击日期切换：工作日 ↔ 节假日，休息日 ↔ 调休上班', unsaved: '有 {n} 天未保存',
    states: { working: '工作日', rest: '休息日', holiday: '节假日', extra: '调休上班' },
    timezone: '时区',
  },
  catalogue: {
    code: '编号', name: '名称', kind: '类别', price: '价格 (元)', unit: '计价单位', noPrice: '未定价',
    kinds: { free: '免费服务', paid: '有偿服务', repair: '维修项目' }, edit: '改价', all: '全部',
    add: '新增项目', category: '分类编号', nameZh: '中文名称', nameEn: '英文名称', note: '说明',
    priceError: '请输入价格，最多两位小数', unitRequired: '请填写计价单位', created: '已新增 {code}',
    priceSaved: '{code} 已改为 {price}', seed: '载入公司标准目录与价目表',
  },
  staff: {
    username: '登录名', name: '姓名', roles: '角色', password: '初始密码', add: '新增人员', addRole: '加角色',
    deactivate: '停用', deactivateConfirm: '停用后 {name} 在本项目没有任何角色，无法再登录本项目。确定吗？',
    deactivated: '{name} 已在本项目停用', created: '已新增 {name}', pickRoles: '请选择至少一个角色',
    managerByHq: '项目经理角色由总部授予',
  },
}

export const settingsEn = {
  title: 'Settings', readOnly: 'Read only: only the project manager changes settings', save: 'Save', saved: 'Saved',
  refused: 'Not saved: ', forbidden: 'You may not change this (the server refused)', field: '{field}: {message}',
  network: 'Network error, nothing saved; try again', updated: 'Last changed: {at}',
  tabs: { sla: 'SLA policy', calendar: 'Business calendar', catalogue: 'Prices', staff: 'Staff and roles' },
  sla: {
    target: 'Target', minutes: 'Limit (minutes)', clock: 'Clock', hours: 'about {h} h',
    clocks: { '24x7': 'Around the clock (24×7)', business: 'Business calendar' },
    targets: {
      help_first_response: 'Help request: first response', immediate_on_site: 'Immediate repair: on site',
      urgent_on_site: 'Urgent repair: on site', urgent_fixed: 'Urgent repair: fixed', general_fixed: 'General repair: fixed',
      off_catalogue_assessed: 'Off-catalogue: assessed',
    },
    ladder: 'Escalation ladder (multiples of the limit)', ladderHint: 'Level 1 is the limit itself; each next one larger, at most 10',
    levels: { supervisor: 'Supervisor', manager: 'Project manager', hq: 'HQ' },
  },
  calendar: {
    hours: 'Weekly working hours', hoursHint: 'As 08:30-12:00, 13:30-17:30; empty for a day off',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    extraHours: 'Hours on a make-up working day', badHours: 'Write HH:MM-HH:MM, several separated by commas',
    clickHint: 'Click a day: working ↔ holiday, rest day ↔ make-up working day', unsaved: '{n} days not saved',
    states: { working: 'Working', rest: 'Rest day', holiday: 'Holiday', extra: 'Make-up day' },
    timezone: 'Time zone',
  },
  catalogue: {
    code: 'Code', name: 'Name', kind: 'Kind', price: 'Price (yuan)', unit: 'Unit', noPrice: 'No price',
    kinds: { free: 'Free service', paid: 'Paid service', repair: 'Repair' }, edit: 'Change price', all: 'All',
    add: 'Add item', category: 'Category code', nameZh: 'Chinese name', nameEn: 'English name', note: 'Note',
    priceError: 'Enter a price with at most two decimals', unitRequired: 'Enter the pricing unit', created: 'Added {code}',
    priceSaved: '{code} now {price}', seed: 'Load the company catalogue and price list',
  },
  staff: {
    username: 'Username', name: 'Name', roles: 'Roles', password: 'Initial password', add: 'Add person', addRole: 'Add role',
    deactivate: 'Deactivate', deactivateConfirm: '{name} will have no role in this project and cannot sign in to it. Sure?',
    deactivated: '{name} deactivated in this project', created: 'Added {name}', pickRoles: 'Pick at least one role',
    managerByHq: 'HQ grants the project manager role',
  },
}
