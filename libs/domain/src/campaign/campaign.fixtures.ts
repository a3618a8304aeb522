import { person } from '../user/standing.fixtures';
import type { Assignment, CampaignEvent, CampaignSpec, Sections } from './campaign';

/** The campaign, its roster and the people the campaign specs share. */
export const plan = { startYear: 2019, endYear: 2023 };
export { person };
export const teacher = person('u-teacher');
export const lead = person('u-lead', ['project-lead@project:p1']);
export const office = person('u-office', ['office@plan:plan1']);

export const roster: Assignment[] = [
  {
    reportId: 'r-person',
    layer: 'individual',
    scope: 'person:u-teacher',
    title: '王老师 个人自评',
    authors: ['u-teacher'],
    authorGrants: [],
    signers: ['u-lead'],
    signerGrants: ['project-lead@project:p1'],
    below: [],
  },
  {
    reportId: 'r-unit',
    layer: 'unit',
    scope: 'project:p1',
    title: '项目1 建设单位自评',
    authors: ['u-lead'],
    authorGrants: ['project-lead@project:p1'],
    signers: ['u-lead'],
    signerGrants: ['project-lead@project:p1'],
    below: ['r-person'],
  },
  {
    reportId: 'r-group',
    layer: 'group',
    scope: 'level:l1',
    title: '学校层面 建设组自评',
    authors: ['u-lead'],
    authorGrants: ['project-lead@project:p1'],
    signers: ['u-office'],
    signerGrants: ['office@plan:plan1'],
    below: ['r-unit'],
  },
  {
    reportId: 'r-school',
    layer: 'school',
    scope: 'plan:plan1',
    title: '学校自评总结',
    authors: ['u-office'],
    authorGrants: ['office@plan:plan1'],
    signers: ['u-office'],
    signerGrants: ['office@plan:plan1'],
    below: ['r-group'],
  },
];

/** The four layers' writing windows, one after the other, in January (and early February) of `year`. */
export const windowsOf = (year: number): CampaignSpec['windows'] => ({
  individual: { opens: `${year}-01-04`, closes: `${year}-01-10` },
  unit: { opens: `${year}-01-11`, closes: `${year}-01-17` },
  group: { opens: `${year}-01-18`, closes: `${year}-01-24` },
  school: { opens: `${year}-01-25`, closes: `${year}-02-10` },
});

/** What the office sends to open the 2021 mid-term campaign. */
export const midTerm = {
  kind: 'mid-term',
  periodStart: '2019-01-01',
  periodEnd: '2021-12-31',
  cutoff: '2021-12-31',
  windows: windowsOf(2022),
} satisfies Partial<CampaignSpec>;

export const campaign: CampaignSpec = {
  ...midTerm,
  campaignId: 'c1',
  planId: 'plan1',
  title: '2021 年中期绩效自评',
  roster,
};
export const opened: CampaignEvent = { type: 'CampaignOpened', data: campaign };
export const open = (changes: Partial<CampaignSpec>) =>
  ({
    type: 'OpenCampaign',
    data: { ...campaign, ...changes, plan, today: '2022-01-01', actor: office },
  }) as const;

export const filled: Sections = {
  completion: '<p>完成了任务。</p>',
  outcomes: '<p>成效。</p>',
  features: '<p>特色。</p>',
  problems: '<p>问题。</p>',
  plans: '<p>计划。</p>',
};
export const saved = (
  reportId: string,
  version = 1,
  sections = filled,
  author = 'u-teacher',
): CampaignEvent => ({
  type: 'LayerReportSaved',
  data: { campaignId: 'c1', reportId, version, sections, author },
});
export const submitted = (reportId: string, version = 1, late = false): CampaignEvent => ({
  type: 'LayerReportSubmitted',
  data: { campaignId: 'c1', reportId, version, submittedOn: '2022-01-08', late },
});
