// Texts of the gate's visitor desk 访客登记 and the cashier 收费, merged into i18n.js.
export const gateZh = {
  title: '访客登记', checkIn: '访客进入', name: '访客姓名', docType: '证件类型', docNumber: '证件号码', unit: '拜访房号',
  purpose: '来访事由', badge: '访客证号', submit: '登记进入', masked: '证件号仅显示后四位',
  hostCall: '须致电业主确认', hostGiven: '业主同意', hostRefused: '业主拒绝', onSite: '在场访客', checkOut: '离开',
  checkedIn: '已登记进入', refused: '拒绝进入', preRegs: '今日预约访客', preCheckIn: '一键进入', watchList: '黑名单',
  reason: '原因', addWatch: '列入黑名单', message: '给住户留言', messageText: '留言内容', leaveMessage: '留言',
  exportCsv: '导出今日访客登记 (CSV)', none: '无',
  docTypes: { id_card: '居民身份证', passport: '护照', hk_macao_permit: '港澳通行证', taiwan_permit: '台胞证', foreign_residence_card: '外国人居留证', other: '其他' },
  reasons: {
    watch_listed: '此人在黑名单中，拒绝进入：', host_call_required: '须先致电业主并取得同意', host_refused: '业主拒绝来访',
    pre_registration_expired: '预约已过期', already_checked_out: '已离开',
  },
}
export const gateEn = {
  title: 'Visitor desk', checkIn: 'Visitor entry', name: 'Visitor name', docType: 'Document type', docNumber: 'Document number',
  unit: 'Unit visited', purpose: 'Purpose', badge: 'Badge no.', submit: 'Check in', masked: 'Only the last four digits are shown',
  hostCall: 'Call the host for consent', hostGiven: 'Host agrees', hostRefused: 'Host refuses', onSite: 'On site now',
  checkOut: 'Check out', checkedIn: 'Checked in', refused: 'Entry refused', preRegs: "Today's expected guests",
  preCheckIn: 'Check in', watchList: 'Watch list', reason: 'Reason', addWatch: 'Add to watch list',
  message: 'Message for a resident', messageText: 'Message', leaveMessage: 'Leave message',
  exportCsv: "Export today's register (CSV)", none: 'None',
  docTypes: { id_card: 'Resident ID', passport: 'Passport', hk_macao_permit: 'HK/Macao permit', taiwan_permit: 'Taiwan permit', foreign_residence_card: 'Residence card', other: 'Other' },
  reasons: {
    watch_listed: 'On the watch list, entry refused: ', host_call_required: 'Call the host for consent first',
    host_refused: 'The host refused the visit', pre_registration_expired: 'Pre-registration expired',
    already_checked_out: 'Already checked out',
  },
}
export const cashierZh = {
  title: '收费', unit: '房号', find: '查询', charges: '待收费用', slip: '收费单号', amount: '金额', outstanding: '未收',
  pay: '收款', method: '收款方式', paid: '已收款，收据 {number}', receipt: '收据', print: '打印', pdf: 'PDF',
  methods: { cash_at_centre: '现金', card_at_centre: '刷卡' },
  commissions: '委托服务', newOrder: '新建委托', description: '委托内容', prepaid: '预付款 (元)', placeOrder: '收预付款',
  voucher: '供应商凭证', supplier: '供应商', voucherNumber: '凭证号', voucherAmount: '凭证金额 (元)', recordVoucher: '登记凭证',
  settle: '结算', settled: '已结算：{kind} {amount}', refund: '退款', topUp: '补收', status: '状态',
  statuses: { ordered: '已预付', supplied: '已到货', settled: '已结算', cancelled: '已取消' },
  credit: '冲减', creditAmount: '冲减金额 (元)', refundAmount: '退款金额 (元)', why: '原因',
  statement: '对账单', opening: '期初余额', closing: '期末余额', close: '收银日结', date: '日期', received: '收入',
  refunded: '退出', net: '净额', byMethod: '按方式', byCashier: '按收款人', voided: '作废编号', amountError: '请输入金额，最多两位小数',
  refused: '操作被拒绝：',
}
export const cashierEn = {
  title: 'Cashier', unit: 'Unit', find: 'Find', charges: 'Charges to collect', slip: 'Slip no.', amount: 'Amount',
  outstanding: 'Outstanding', pay: 'Collect', method: 'Method', paid: 'Paid, receipt {number}', receipt: 'Receipt',
  print: 'Print', pdf: 'PDF', methods: { cash_at_centre: 'Cash', card_at_centre: 'Card' },
  commissions: 'Commissioned services', newOrder: 'New order', description: 'What is ordered', prepaid: 'Prepayment (yuan)',
  placeOrder: 'Take prepayment', voucher: 'Supplier voucher', supplier: 'Supplier', voucherNumber: 'Voucher no.',
  voucherAmount: 'Voucher amount (yuan)', recordVoucher: 'Record voucher', settle: 'Settle', settled: 'Settled: {kind} {amount}',
  refund: 'refund', topUp: 'top-up', status: 'Status',
  statuses: { ordered: 'Prepaid', supplied: 'Supplied', settled: 'Settled', cancelled: 'Cancelled' },
  credit: 'Credit', creditAmount: 'Credit amount (yuan)', refundAmount: 'Refund amount (yuan)', why: 'Reason',
  statement: 'Statement', opening: 'Opening balance', closing: 'Closing balance', close: 'Day close', date: 'Date',
  received: 'Received', refunded: 'Refunded', net: 'Net', byMethod: 'By method', byCashier: 'By cashier',
  voided: 'Voided numbers', amountError: 'Enter an amount with at most two decimals', refused: 'Refused: ',
}
