// The move-in screen's texts 入伙 (seed 001: 业户收楼入伙程序30分钟内完成), merged into the desk's.

export const moveInZh = {
  title: '入伙', today: '今日预约', book: '预约入伙', unit: '房号', date: '日期', slot: '时段', ownerName: '业主姓名',
  slotHint: '如 09:00-09:30', empty: '当天没有入伙预约', open: '办理', start: '开始办理（开始计时）',
  started: '已开始', target: '目标 {m} 分钟', elapsed: '已用时', duration: '用时', finish: '完成入伙',
  finished: '入伙已完成，用时 {d}', overTarget: '超出目标', withinTarget: '在目标内', done: '已完成', undone: '未完成',
  stepTime: '本步用时 {d}', current: '当前步骤已用 {d}', back: '返回列表', notStartedHint: '业主到场后按“开始办理”，计时开始',
  status: { booked: '已预约', in_progress: '办理中', completed: '已完成', cancelled: '已取消' },
  steps: { documents: '入伙资料', fees: '费用', keys: '签领钥匙', utilities: '水电气等开通', registration: '业主登记表' },
  documents: { missing: '尚缺资料（勾选本次交来的）', none: '资料已齐全', check: '记录交来的资料', recheck: '重新核对' },
  fees: { due: '待缴费用', none: '没有待缴费用', total: '合计应缴 {m}', check: '已缴清，核对', waive: '主管豁免',
          waiveReason: '豁免原因', waiveHint: '仅客服主管/项目经理可豁免' },
  keys: { pick: '本房钥匙（登记表中在钩的）', none: '钥匙登记表中没有本房在钩的钥匙', counts: '各类数量',
          signer: '签领人', formRef: '签领表存档号', handOver: '签领交付',
          kinds: { front_door: '入户门', unit_entrance: '单元门', mailbox: '信箱', room: '房门', access_card: '门禁卡', other: '其他' } },
  utilities: { reading: '读数', account: '户号/单号', na: '不适用', reason: '原因', value: '读数/户号/原因', save: '记录',
               recorded: '已记录',
               names: { water: '供水', power: '供电', gas: '供气', phone: '电话', cable_tv: '有线电视' } },
  registration: { name: '姓名', idNumber: '身份证号码', address: '联系地址', phone: '联系电话', hasAgent: '委托代理人',
                  agentName: '代理人姓名', formRef: '登记表存档号', save: '记录业主登记表' },
  report: { title: '入伙用时报表', range: '日期', count: '完成', median: '中位数', p90: '90% 在此之内', target: '目标',
            over: '超时', slow: '超时的入伙', slowedBy: '主要慢在', none: '这段时间没有完成的入伙' },
  errors: { reading: '读数应为数字，如 0123.5', slot: '时段如 09:00-09:30' },
}

export const moveInEn = {
  title: 'Move-in', today: 'Appointments', book: 'Book a move-in', unit: 'Unit', date: 'Date', slot: 'Slot', ownerName: 'Owner',
  slotHint: 'e.g. 09:00-09:30', empty: 'No move-ins booked that day', open: 'Open', start: 'Start (the clock starts)',
  started: 'Started', target: 'target {m} min', elapsed: 'Elapsed', duration: 'Duration', finish: 'Finish the move-in',
  finished: 'Move-in finished in {d}', overTarget: 'over target', withinTarget: 'within target', done: 'Done', undone: 'Not done',
  stepTime: 'took {d}', current: 'this step {d} so far', back: 'Back to the list', notStartedHint: 'Press Start when the owner is at the desk',
  status: { booked: 'Booked', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled' },
  steps: { documents: 'Documents', fees: 'Fees', keys: 'Keys', utilities: 'Utilities', registration: 'Owner\'s form' },
  documents: { missing: 'Missing (tick what was handed in)', none: 'All documents received', check: 'Record documents', recheck: 'Check again' },
  fees: { due: 'Due', none: 'Nothing due', total: '{m} due in all', check: 'Paid: check', waive: 'Supervisor waiver',
          waiveReason: 'Reason for the waiver', waiveHint: 'CS supervisor or project manager only' },
  keys: { pick: 'The unit\'s keys on their hooks', none: 'No key of this unit on its hook in the register', counts: 'Counts',
          signer: 'Signed by', formRef: 'Form ref.', handOver: 'Hand over',
          kinds: { front_door: 'Front door', unit_entrance: 'Entrance', mailbox: 'Mailbox', room: 'Room', access_card: 'Access card', other: 'Other' } },
  utilities: { reading: 'Reading', account: 'Account', na: 'N/A', reason: 'Reason', value: 'Reading / account / reason', save: 'Record',
               recorded: 'Recorded',
               names: { water: 'Water', power: 'Power', gas: 'Gas', phone: 'Phone', cable_tv: 'Cable TV' } },
  registration: { name: 'Name', idNumber: 'ID number', address: 'Address', phone: 'Phone', hasAgent: 'Has an agent',
                  agentName: 'Agent', formRef: 'Form ref.', save: 'Record the owner\'s form' },
  report: { title: 'Move-in times', range: 'Dates', count: 'Finished', median: 'Median', p90: '90% within', target: 'Target',
            over: 'Over target', slow: 'Slow move-ins', slowedBy: 'Slowed by', none: 'No move-ins finished in these days' },
  errors: { reading: 'A reading is a number, e.g. 0123.5', slot: 'A slot like 09:00-09:30' },
}

export const moveInReasonsZh = {
  not_started: '请先按“开始办理”', cancelled: '预约已取消', already_started: '已经开始办理', already_finished: '入伙已完成',
  step_already_done: '这一步已完成', fees_outstanding: '还有未缴清的费用：请业主先缴费，或由主管豁免',
  waiver_not_allowed: '只有客服主管或项目经理可以豁免费用', key_not_on_hook: '有钥匙不在钩上（已借出或已交付）',
  key_handed_over: '钥匙已交付业主', not_the_current_owner: '此档案不是本房现业主',
  steps_missing: '还有步骤未完成：{steps}', changed_meanwhile: '刚被他人修改，请刷新后重试',
  identity_not_found: '业主档案系统中找不到此房屋',
}

export const moveInReasonsEn = {
  not_started: 'Press Start first', cancelled: 'The appointment was cancelled', already_started: 'Already started',
  already_finished: 'Already finished', step_already_done: 'This step is already done',
  fees_outstanding: 'Charges are still unpaid: the owner pays first, or a supervisor waives',
  waiver_not_allowed: 'Only the CS supervisor or the project manager waives fees',
  key_not_on_hook: 'A key is not on its hook (out or handed over)', key_handed_over: 'The key was handed to the owner',
  not_the_current_owner: 'Not the unit\'s current owner', steps_missing: 'Steps not done yet: {steps}',
  changed_meanwhile: 'Changed a moment ago; refresh and retry', identity_not_found: 'The unit is not known to identity',
}
