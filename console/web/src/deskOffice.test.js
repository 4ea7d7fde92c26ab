import { describe, expect, it } from 'vitest'
import {
  answerActions, answerBody, answerForm, campaignBody, checkCampaign, checkNotice, distributionRows, isoWeek,
  missingRatings, noticeActions, noticeBody, noticeForm, noticeReach, permissions, ratioFromPercent, reportRows, words,
  zoneDay, zoneMonth,
} from './deskOffice.js'

const clerk = { person_id: 'stf_clerk', roles: ['cs_assistant'], hq: false }
const manager = { person_id: 'stf_pm', roles: ['project_manager'], hq: false }
const auditor = { person_id: 'stf_hq', roles: ['hq_auditor'], hq: true }
const hqGm = { person_id: 'stf_gm', roles: ['hq_general_manager'], hq: true }

describe('who may do what', () => {
  it('follows identity\'s scopes and desk\'s roles', () => {
    expect(permissions(clerk)).toEqual({ write: true, approveNotices: false, createCampaigns: false, editAnswers: false,
                                         hqAnswers: false, editHqAnswers: false })
    expect(permissions(manager)).toMatchObject({ approveNotices: true, createCampaigns: true, editAnswers: true })
    expect(permissions(auditor)).toMatchObject({ write: false, hqAnswers: true, editHqAnswers: false })
    expect(permissions(hqGm)).toMatchObject({ write: false, createCampaigns: false, editHqAnswers: true })
    expect(permissions(null).write).toBe(false)
  })
})

describe('a notice\'s buttons', () => {
  const notice = (status, author = 'stf_clerk') => ({ status, created_by: author })
  it('lets a writer edit and submit a draft, and publish or archive', () => {
    expect(noticeActions(notice('draft'), clerk)).toEqual(['edit', 'submit'])
    expect(noticeActions(notice('approved'), clerk)).toEqual(['publish'])
    expect(noticeActions(notice('published'), clerk)).toEqual(['archive'])
    expect(noticeActions(notice('archived'), clerk)).toEqual([])
  })
  it('lets only the manager decide, and never on their own notice', () => {
    expect(noticeActions(notice('submitted'), clerk)).toEqual([])
    expect(noticeActions(notice('submitted'), manager)).toEqual(['approve', 'refuse'])
    expect(noticeActions(notice('submitted', 'stf_pm'), manager)).toEqual([])
  })
  it('shows HQ no buttons (desk:read only)', () => {
    expect(noticeActions(notice('draft'), auditor)).toEqual([])
  })
})

describe('a notice\'s form', () => {
  it('sends buildings only for some buildings, each once', () => {
    const form = { ...noticeForm(), title: ' 停水通知 ', body: '明日停水', audience: 'buildings', buildings: ['3', '3', '5'] }
    expect(noticeBody(form)).toEqual({ title: '停水通知', body: '明日停水', category: 'reminder', audience: 'buildings',
                                       buildings: ['3', '5'], channels: ['message', 'print'] })
    expect(noticeBody({ ...form, audience: 'all' }, '2026-12-09T00:00:00.000Z'))
      .toMatchObject({ audience: 'all', buildings: [], ends_at: '2026-12-09T00:00:00.000Z' })
  })
  it('names the missing fields before sending', () => {
    expect(checkNotice({ ...noticeForm(), audience: 'buildings', channels: [] }))
      .toEqual({ title: 'desk.errors.required', body: 'desk.errors.required', buildings: 'desk.notices.pickBuildings',
                 channels: 'desk.errors.required' })
  })
  it('fills from a stored notice', () => {
    expect(noticeForm({ title: 'a', body: 'b', category: 'outage', audience: 'buildings', buildings: ['3'], channels: ['print'] }))
      .toMatchObject({ category: 'outage', buildings: ['3'], channels: ['print'] })
  })
  it('counts the households reached and the read rate', () => {
    expect(noticeReach({ households: 4, sent: 1, delivered: 2, read: 1, failed: 1 }))
      .toEqual({ households: 4, reached: 3, read: 1, failed: 1, queued: 0, readRate: 25 })
    expect(noticeReach().readRate).toBeNull()
  })
})

describe('a survey campaign', () => {
  it('turns a percentage into desk\'s ratio', () => {
    expect(ratioFromPercent(20)).toBe('0.2')
    expect(ratioFromPercent(12.5)).toBe('0.125')
    expect(ratioFromPercent(0.01)).toBe('0.0001')
    expect(ratioFromPercent(100)).toBe('1')
    expect([0, -1, 101, 'x', 0.001].map(ratioFromPercent)).toEqual([null, null, null, null, null])
  })
  it('checks the form and builds the body', () => {
    const form = { name: '12月调查', period: '2026-12', percent: 50, categories: ['cleaning'], answer_days: 7 }
    expect(checkCampaign(form)).toEqual({})
    expect(campaignBody(form)).toEqual({ name: '12月调查', period: '2026-12', sample_ratio: '0.5', categories: ['cleaning'],
                                         answer_days: 7 })
    expect(checkCampaign({ name: '', period: '2026-13', percent: 0, categories: [] }))
      .toEqual({ name: 'desk.errors.required', period: 'desk.surveys.badPeriod', sample_ratio: 'desk.surveys.badPercent',
                 categories: 'desk.errors.required' })
  })
  it('names the categories a paper form has not scored', () => {
    expect(missingRatings({ cleaning: 4, security: 0 }, ['cleaning', 'security', 'parking'])).toEqual(['security', 'parking'])
  })
  it('gives each score\'s share, 5 first', () => {
    expect(distributionRows({ count: 4, distribution: { 5: 3, 2: 1 } }).map((r) => [r.score, r.n, r.percent]))
      .toEqual([[5, 3, 75], [4, 0, 0], [3, 0, 0], [2, 1, 25], [1, 0, 0]])
  })
})

describe('the reports\' days and weeks', () => {
  it('takes the project\'s day and month, not the browser\'s', () => {
    const lateUtc = new Date('2026-11-30T17:30:00Z') // already 1 December in Shanghai
    expect(zoneDay(lateUtc, 'Asia/Shanghai')).toBe('2026-12-01')
    expect(zoneMonth(lateUtc, 'Asia/Shanghai')).toBe('2026-12')
    expect(zoneDay(lateUtc, 'UTC')).toBe('2026-11-30')
  })
  it('numbers ISO weeks across the year\'s edge', () => {
    expect(isoWeek('2026-12-02')).toBe('2026-W49')
    expect(isoWeek('2026-12-28')).toBe('2026-W53')
    expect(isoWeek('2027-01-03')).toBe('2026-W53')
    expect(isoWeek('2027-01-04')).toBe('2027-W01')
    expect(isoWeek('2025-12-29')).toBe('2026-W01')
  })
  it('lists every figure, zero when absent, with the kinds that count', () => {
    const rows = reportRows({ came_in: { tickets: 3, tickets_by_kind: { repair: 2, complaint: 1, inquiry: 0 } } })
    expect(rows.map((s) => s.section)).toEqual(['came_in', 'still_open', 'handed_over'])
    expect(rows[0].rows[0]).toEqual({ name: 'tickets', value: 3, byKind: [['repair', 2], ['complaint', 1]] })
    expect(rows[1].rows.every((r) => r.value === 0)).toBe(true)
  })
})

describe('a standard answer\'s upkeep', () => {
  it('splits the asked-as lines and the keywords', () => {
    const form = { ...answerForm(), title: ' 停车费 ', answer: '依据公示', questions: '停车费怎么涨了\n\n 车位费依据 ',
                   keywords: '车位，公示, 车位 停车' }
    expect(answerBody(form)).toEqual({ title: '停车费', topic: 'other', answer: '依据公示',
                                       questions: ['停车费怎么涨了', '车位费依据'], keywords: ['车位', '公示', '停车'] })
    expect(answerBody(form, 3).version).toBe(3)
    expect(words('')).toEqual([])
  })
  it('offers the steps the answer\'s status allows, only in its own scope', () => {
    const mine = (status) => ({ status, scope: 'project' })
    expect(answerActions(mine('draft'), { canEdit: true, scope: 'project' })).toEqual(['edit', 'publish', 'retire'])
    expect(answerActions(mine('published'), { canEdit: true, scope: 'project' })).toEqual(['edit', 'retire'])
    expect(answerActions(mine('retired'), { canEdit: true, scope: 'project' })).toEqual(['publish'])
    expect(answerActions({ status: 'published', scope: 'company' }, { canEdit: true, scope: 'project' })).toEqual([])
    expect(answerActions(mine('draft'), { canEdit: false, scope: 'project' })).toEqual([])
  })
})
