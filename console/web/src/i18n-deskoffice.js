// The desk's back-office texts (客户通知, 满意度调查, 日报/周报, 回复口径维护), merged into the desk's.

export const officeTabsZh = { notices: '客户通知', surveys: '满意度调查', reports: '日报/周报' }
export const officeTabsEn = { notices: 'Notices', surveys: 'Surveys', reports: 'Reports' }

export const officeReasonsZh = {
  not_a_draft: '只有草稿可以修改或提交', not_submitted: '只有已提交的通知可以审批', own_notice: '不能审批自己起草的通知',
  not_approved: '只有已批准的通知可以发布', notice_ended: '通知的结束日期已过：请修改后重新提交',
  not_published: '只有已发布的通知可以归档', already_archived: '通知已归档', notice_changed: '通知刚被他人处理，请刷新',
  no_households: '本项目还没有房屋资料，无法抽样', already_answered: '该户已答过本次调查（链接或前台）',
  not_sampled: '该户不在本次抽样中', campaign_closed: '本次调查已截止',
  version_conflict: '口径刚被他人修改，请刷新后再改', answer_retired: '已停用的口径须先重新发布再修改',
  company_answer: '公司统一口径只能由总部修改', already_published: '口径已发布', already_retired: '口径已停用',
}
export const officeReasonsEn = {
  not_a_draft: 'Only a draft can be edited or submitted', not_submitted: 'Only a submitted notice is decided on',
  own_notice: 'You cannot approve or refuse your own notice', not_approved: 'Only an approved notice is published',
  notice_ended: 'The end date has passed: edit and submit again', not_published: 'Only a published notice is archived',
  already_archived: 'Already archived', notice_changed: 'Changed a moment ago; refresh',
  no_households: 'Desk knows no units of the project yet', already_answered: 'This household has answered already',
  not_sampled: 'This household is not in the sample', campaign_closed: 'The campaign is closed',
  version_conflict: 'Changed by someone else meanwhile; reload and edit again',
  answer_retired: 'Publish a retired answer again before editing it', company_answer: 'Only HQ changes company answers',
  already_published: 'Already published', already_retired: 'Already retired',
}

export const noticesZh = {
  title: '客户通知', new: '起草通知', editTitle: '修改通知', noticeTitle: '标题', body: '正文', category: '类别',
  categories: { reminder: '温馨提示', outage: '停水停电', works: '施工维修', safety: '安全防范', fees: '缴费',
                community: '社区活动', other: '其他' },
  audience: '发送范围', audiences: { all: '全部楼栋', buildings: '指定楼栋' }, buildings: '楼栋',
  pickBuildings: '请至少选择一栋楼', channels: '发布方式', channelNames: { message: '短信/微信通知住户', print: '打印张贴' },
  endsAt: '结束日期（可不填）',
  status: { draft: '草稿', submitted: '待审批', approved: '已批准', published: '已发布', archived: '已归档' },
  actions: { edit: '修改', submit: '提交审批', approve: '批准', refuse: '退回', publish: '发布', archive: '归档' },
  pdf: '打印版 PDF', approverName: '审批人署名（打印在通知上）', refuseReason: '退回原因', refusedBecause: '退回原因：',
  confirm: '确认', saved: '已保存为草稿', filter: '状态', includeArchived: '含已归档', empty: '没有通知',
  createdAt: '起草', submittedAt: '提交', decidedAt: '审批', publishedAt: '发布', archivedAt: '归档', by: '审批人',
  counts: '送达 {reached}/{households} 户 · 已读 {read} 户', failed: '失败 {n}', queued: '排队 {n}', allBuildings: '全部楼栋',
  someBuildings: '{list} 栋', readOnly: '您的角色只能查看通知', approveHint: '项目经理审批；不能审批自己起草的通知',
}
export const noticesEn = {
  title: 'Customer notices', new: 'Draft a notice', editTitle: 'Edit notice', noticeTitle: 'Title', body: 'Text',
  category: 'Category',
  categories: { reminder: 'Reminder', outage: 'Water/power outage', works: 'Works', safety: 'Safety', fees: 'Fees',
                community: 'Community', other: 'Other' },
  audience: 'Audience', audiences: { all: 'All buildings', buildings: 'Some buildings' }, buildings: 'Buildings',
  pickBuildings: 'Choose at least one building', channels: 'Channels',
  channelNames: { message: 'Message the households', print: 'Print for the boards' }, endsAt: 'Ends (optional)',
  status: { draft: 'Draft', submitted: 'Submitted', approved: 'Approved', published: 'Published', archived: 'Archived' },
  actions: { edit: 'Edit', submit: 'Submit', approve: 'Approve', refuse: 'Refuse', publish: 'Publish', archive: 'Archive' },
  pdf: 'Printable PDF', approverName: 'Approver name (printed)', refuseReason: 'Reason', refusedBecause: 'Refused: ',
  confirm: 'Confirm', saved: 'Saved as a draft', filter: 'Status', includeArchived: 'Archived too', empty: 'No notices',
  createdAt: 'Drafted', submittedAt: 'Submitted', decidedAt: 'Decided', publishedAt: 'Published',
  archivedAt: 'Archived', by: 'Approver',
  counts: 'Reached {reached}/{households} households · read by {read}', failed: '{n} failed', queued: '{n} queued',
  allBuildings: 'All buildings', someBuildings: 'Buildings {list}', readOnly: 'Your role reads notices only',
  approveHint: 'The project manager approves; never their own notice',
}

export const surveysZh = {
  title: '满意度调查', new: '发起调查', defaultName: '{month} 顾客满意度调查', name: '调查名称', period: '统计月份', percent: '抽样比例（%）',
  percentHint: '每栋楼按比例抽取，至少一户', categories: '评价项目', answerDays: '答卷天数', create: '发起并发送链接',
  badPeriod: '请选择月份', badPercent: '请填 0.01 到 100 之间的百分比', campaigns: '调查活动', empty: '还没有调查',
  sampled: '抽样 {n} 户', answered: '已答 {n} 户', rate: '回收率 {p}', open: '进行中', closed: '已截止',
  closesAt: '截止', households: '抽样住户', onlyUnanswered: '只看未答', answeredBy: { link: '链接答卷', desk: '前台录入' },
  notAnswered: '未答（已发链接）', enter: '录入纸质答卷', comment: '意见和建议', scoreHint: '1 很不满意 … 5 很满意',
  unit: '房号', missing: '请为每一项评分：{list}', entered: '已录入', results: '月度结果', month: '月份',
  resultsLine: '{campaigns} 次调查 · 抽样 {sampled} 户 · 已答 {answered} 户（链接 {link}，前台 {desk}）· 回收率 {rate}',
  mean: '平均分', count: '答卷', distribution: '评分分布', noResults: '本月还没有答卷', readOnly: '您的角色只能查看调查结果',
  createHint: '项目经理、客服主管、客服管理员可以发起调查', back: '返回列表', point: '{n}分', scores: { 1: '很不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '很满意' },
}
export const surveysEn = {
  title: 'Satisfaction surveys', new: 'New campaign', defaultName: 'Satisfaction survey {month}', name: 'Name', period: 'Month', percent: 'Sample (%)',
  percentHint: 'of each building\'s units, at least one', categories: 'Categories', answerDays: 'Days to answer',
  create: 'Start and send links', badPeriod: 'Choose a month', badPercent: 'A percentage from 0.01 to 100',
  campaigns: 'Campaigns', empty: 'No campaigns yet', sampled: '{n} sampled', answered: '{n} answered',
  rate: 'response {p}', open: 'Open', closed: 'Closed', closesAt: 'Closes', households: 'Sampled households',
  onlyUnanswered: 'Unanswered only', answeredBy: { link: 'By link', desk: 'At the desk' },
  notAnswered: 'Not answered (link sent)', enter: 'Enter a paper form', comment: 'Comment',
  scoreHint: '1 very unhappy … 5 very happy', unit: 'Unit', missing: 'Score every category: {list}', entered: 'Entered',
  results: 'Month\'s results', month: 'Month',
  resultsLine: '{campaigns} campaigns · {sampled} sampled · {answered} answered ({link} by link, {desk} at the desk) · response {rate}',
  mean: 'Mean', count: 'Answers', distribution: 'Scores', noResults: 'No answers this month yet',
  readOnly: 'Your role reads survey results only', createHint: 'The project manager and CS supervisor/administrator start campaigns',
  back: 'Back to the list', point: '{n}', scores: { 1: 'Very unhappy', 2: 'Unhappy', 3: 'Neutral', 4: 'Happy', 5: 'Very happy' },
}

export const surveyCategoriesZh = { customer_service: '客户服务', maintenance: '工程维修', cleaning: '保洁', landscaping: '绿化',
                                    security: '秩序维护/安保', parking: '停车', facilities: '设施设备' }
export const surveyCategoriesEn = { customer_service: 'Customer service', maintenance: 'Maintenance', cleaning: 'Cleaning',
                                    landscaping: 'Landscaping', security: 'Security', parking: 'Parking',
                                    facilities: 'Facilities' }

export const reportsZh = {
  title: '日报/周报', daily: '日报', weekly: '周报', day: '日期', week: '周', span: '{first} 至 {last}（{zone}）',
  asOf: '统计时间 {t}', sections: { came_in: '当日/本周受理', still_open: '期末未处理完成', handed_over: '交接' },
  names: {
    tickets: '工单', parcels: '包裹/邮件', phone_messages: '电话留言', held_items: '代管物品', key_sign_outs: '钥匙借出',
    tickets_unfinished: '未完成工单', parcels_waiting: '待领取包裹', parcels_unclaimed: '超期未领包裹',
    phone_messages_unacknowledged: '未确认留言', keys_out_now: '借出未还钥匙', keys_overdue_now: '超时未还钥匙',
    shift_handovers: '交接班', key_counts: '钥匙清点', key_counts_with_findings: '清点有异常', keys_handed_to_owners: '入伙交付钥匙',
  },
  item: '项目', value: '数量', byKind: '其中', show: '查询', print: '打印',
}
export const reportsEn = {
  title: 'Daily and weekly reports', daily: 'Daily', weekly: 'Weekly', day: 'Day', week: 'Week',
  span: '{first} to {last} ({zone})', asOf: 'As of {t}',
  sections: { came_in: 'Came in', still_open: 'Still open at the end', handed_over: 'Handed over' },
  names: {
    tickets: 'Tickets', parcels: 'Parcels and mail', phone_messages: 'Phone messages', held_items: 'Items held',
    key_sign_outs: 'Key sign-outs', tickets_unfinished: 'Tickets unfinished', parcels_waiting: 'Parcels waiting',
    parcels_unclaimed: 'Parcels unclaimed', phone_messages_unacknowledged: 'Messages unacknowledged',
    keys_out_now: 'Keys out', keys_overdue_now: 'Keys overdue', shift_handovers: 'Shift hand-overs',
    key_counts: 'Key counts', key_counts_with_findings: 'Counts with findings', keys_handed_to_owners: 'Keys to owners',
  },
  item: 'Item', value: 'Count', byKind: 'of which', show: 'Show', print: 'Print',
}

export const kbZh = {
  title: '回复口径维护', project: '本项目口径', company: '公司统一口径（总部）', new: '新建口径', edit: '修改口径',
  answerTitle: '标题', topic: '分类', answer: '口径（对客户说的话）', questions: '常见问法（一行一个）',
  keywords: '关键词（逗号分隔）', save: '保存', publish: '发布', retire: '停用', version: '第 {v} 版',
  status: { draft: '草稿', published: '已发布', retired: '已停用' }, all: '全部状态', empty: '还没有口径',
  readOnly: '客服主管、客服管理员、项目经理可以维护本项目口径', created: '已保存为草稿', updatedBy: '最后修改',
  actions: { edit: '修改', publish: '发布', retire: '停用' },
}
export const kbEn = {
  title: 'Maintain standard answers', project: 'Project answers', company: 'Company answers (HQ)', new: 'New answer',
  edit: 'Edit answer', answerTitle: 'Title', topic: 'Topic', answer: 'Answer (what is said)',
  questions: 'Asked as (one a line)', keywords: 'Keywords (comma separated)', save: 'Save', publish: 'Publish',
  retire: 'Retire', version: 'version {v}', status: { draft: 'Draft', published: 'Published', retired: 'Retired' },
  all: 'All statuses', empty: 'No answers yet',
  readOnly: 'The CS supervisor, CS administrator and project manager maintain the project\'s answers',
  created: 'Saved as a draft', updatedBy: 'Last changed',
  actions: { edit: 'Edit', publish: 'Publish', retire: 'Retire' },
}
