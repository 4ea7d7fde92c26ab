// Texts of the HQ dashboard 总部看板, merged into i18n.js.
export const hqZh = {
  title: '总部看板', range: '月份范围', projects: '对比项目', allProjects: '全部项目', refresh: '刷新',
  metrics: {
    volume: '工单量（按类别、月份）', sla: '时限达标率 (%)', resolve: '平均解决时长（小时）', repeat: '重复投诉',
    satisfaction: '回访满意度（1–5）', revenue: '收入（元）',
  },
  kinds: {
    urgent_repair: '急修', general_repair: '一般维修', complaint: '投诉', inquiry: '咨询', help_request: '求助',
    community_matter: '社区事务', owner_suggestion: '业主建议',
  },
  table: {
    compare: '项目对比', project: '项目', volume: '工单量', sla: '时限达标率', resolve: '平均解决（小时）',
    repeat: '重复投诉', satisfaction: '满意度', revenue: '收入', drill: '查看工单', figures: '指标明细', month: '月份',
    kind: '类别', revenueTable: '收入明细', charged: '应收', credited: '冲减', collected: '实收',
  },
  tickets: {
    title: '{project} 的工单', id: '工单号', created: '受理时间', kind: '类别', subject: '标题', status: '状态',
    phone: '回电', more: '加载更多', total: '共 {n} 条', allKinds: '全部类别', allMonths: '全部月份', close: '收起',
  },
  export: {
    button: '导出 Excel', running: '正在导出：{rows} / {total} 行', runningNoTotal: '正在导出：{rows} 行',
    done: '已导出 {rows} 行', download: '下载', failed: '导出失败：{error}',
  },
  none: '—', error: '读取失败：{message}', forbidden: '总部看板只对总部角色开放（服务端已拒绝）',
}

export const hqEn = {
  title: 'HQ dashboard', range: 'Months', projects: 'Compare projects', allProjects: 'All projects', refresh: 'Refresh',
  metrics: {
    volume: 'Tickets (by kind and month)', sla: 'SLA compliance (%)', resolve: 'Mean time to resolve (hours)',
    repeat: 'Repeat complaints', satisfaction: 'Return-visit satisfaction (1–5)', revenue: 'Revenue (yuan)',
  },
  kinds: {
    urgent_repair: 'Urgent repair', general_repair: 'General repair', complaint: 'Complaint', inquiry: 'Inquiry',
    help_request: 'Help request', community_matter: 'Community matter', owner_suggestion: 'Owner suggestion',
  },
  table: {
    compare: 'Projects compared', project: 'Project', volume: 'Tickets', sla: 'SLA compliance', resolve: 'Mean hours to resolve',
    repeat: 'Repeat complaints', satisfaction: 'Satisfaction', revenue: 'Revenue', drill: 'Tickets', figures: 'Figures',
    month: 'Month', kind: 'Kind', revenueTable: 'Revenue by month', charged: 'Charged', credited: 'Credited',
    collected: 'Collected',
  },
  tickets: {
    title: 'Tickets of {project}', id: 'Ticket', created: 'Received', kind: 'Kind', subject: 'Title', status: 'State',
    phone: 'Call back', more: 'Load more', total: '{n} in all', allKinds: 'All kinds', allMonths: 'All months', close: 'Close',
  },
  export: {
    button: 'Export to Excel', running: 'Exporting: {rows} of {total} rows', runningNoTotal: 'Exporting: {rows} rows',
    done: '{rows} rows exported', download: 'Download', failed: 'Export failed: {error}',
  },
  none: '—', error: 'Could not read: {message}', forbidden: 'The HQ dashboard is for HQ roles only (refused by the server)',
}
