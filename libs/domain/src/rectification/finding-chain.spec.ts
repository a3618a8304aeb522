import { deciderSpec } from '@sg/testing';
import { findingDecider, type FindingEvent } from './finding';
import type { Standing } from '../user/standing';
import type { Stage } from '../submission/messages';
import { evidence, office, recordedAbout, teacher, who } from './finding.fixtures';

const spec = deciderSpec(findingDecider);
const lead1 = who('lead1', ['project-lead@project:pr1']);
const lead2 = who('lead2', ['project-lead@project:pr1']);
const scope = { planId: 'p1', projectId: 'pr1' };

/** 会签 by the project's leads, then 或签 by the office. */
const chain: Stage[] = [
  {
    name: '项目负责人会签',
    rule: { kind: 'all' },
    reviewers: ['lead1', 'lead2'],
    eligible: { roles: ['project-lead'], users: [] },
  },
  {
    name: '项目办审核',
    rule: { kind: 'any' },
    reviewers: ['office1'],
    eligible: { roles: ['office'], users: [] },
  },
];

const recorded = recordedAbout({ kind: 'task', id: 't1' }, '实训基地建设滞后', '实训基地二期未按期开工。');
const assigned: FindingEvent = {
  type: 'FindingAssigned',
  data: {
    findingId: 'f1',
    planId: 'p1',
    assignedBy: 'office1',
    assignee: 'teacher',
    departmentId: 'd-jwc',
    deadline: '2022-06-30',
  },
};
const submitted: FindingEvent = {
  type: 'RectificationSubmitted',
  data: {
    findingId: 'f1',
    version: 1,
    by: 'teacher',
    narrative: '二期已开工',
    evidence,
    stages: chain,
    projectId: 'pr1',
  },
};
const approvedBy = (reviewer: string, stage: number): FindingEvent => ({
  type: 'RectificationApproved',
  data: { findingId: 'f1', version: 1, stage, reviewer },
});
const stageCompleted = (stage: number): FindingEvent => ({
  type: 'RectificationStageCompleted',
  data: { findingId: 'f1', version: 1, stage },
});
/** Both leads have approved: the action waits on the office. */
const atOfficeStage = [
  recorded,
  assigned,
  submitted,
  approvedBy('lead1', 0),
  approvedBy('lead2', 0),
  stageCompleted(0),
];
const approve = (standing: Standing) => ({
  type: 'ApproveRectification' as const,
  data: { findingId: 'f1', standing },
});

describe('a 整改 action through the approval chain', () => {
  it('is assigned only to a department of the registry', () => {
    const data = {
      findingId: 'f1',
      assignment: { assignee: 'teacher', departmentId: '教务处', deadline: '2022-06-30' },
      standing: office,
      assignee: teacher,
      departments: new Set(['d-jwc']),
    };
    spec.given([recorded]).when({ type: 'AssignFinding', data }).thenThrows('finding-department-not-found');
    spec
      .given([recorded])
      .when({
        type: 'AssignFinding',
        data: { ...data, assignment: { ...data.assignment, departmentId: 'd-jwc' } },
      })
      .then([assigned]);
  });

  const submit = (stages: Stage[]) => ({
    type: 'SubmitRectification' as const,
    data: { findingId: 'f1', narrative: '二期已开工', evidence, standing: teacher, stages, scope },
  });

  it('keeps the chain and the project it is reviewed in', () => {
    spec.given([recorded, assigned]).when(submit(chain)).then([submitted]);
  });

  it('is refused when a stage has nobody but the submitter to review it', () => {
    spec
      .given([recorded, assigned])
      .when(submit([{ ...chain[0], reviewers: ['teacher'] }]))
      .thenThrows('stage-without-reviewers');
  });

  it('waits for every reviewer of a 会签 stage, then for the next stage, and closes after the last', () => {
    spec
      .given([recorded, assigned, submitted])
      .when(approve(lead1))
      .then([approvedBy('lead1', 0)]);
    spec
      .given([recorded, assigned, submitted, approvedBy('lead1', 0)])
      .when(approve(lead2))
      .then([approvedBy('lead2', 0), stageCompleted(0)]);
    spec
      .given(atOfficeStage)
      .when(approve(office))
      .then([
        approvedBy('office1', 1),
        stageCompleted(1),
        { type: 'FindingClosed', data: { findingId: 'f1', planId: 'p1', version: 1 } },
      ]);
  });

  it('takes an approval only from the current stage’s reviewers who still hold its role', () => {
    spec.given([recorded, assigned, submitted]).when(approve(office)).thenThrows('not-a-reviewer');
    spec
      .given([recorded, assigned, submitted])
      .when(approve(who('lead1')))
      .thenThrows('reviewer-no-longer-entitled');
    spec
      .given([recorded, assigned, submitted])
      .when(approve(who('lead1', ['project-lead@project:pr1'], false)))
      .thenThrows('reviewer-no-longer-entitled');
    spec
      .given([recorded, assigned, submitted, approvedBy('lead1', 0)])
      .when(approve(lead1))
      .thenThrows('already-approved');
  });

  it('is returned with a reason at any stage, and the next version starts the chain over', () => {
    const given = atOfficeStage;
    const returned: FindingEvent = {
      type: 'RectificationReturned',
      data: { findingId: 'f1', version: 1, stage: 1, reviewer: 'office1', reason: '缺少开工报告' },
    };
    spec
      .given(given)
      .when({ type: 'ReturnRectification', data: { findingId: 'f1', reason: ' ', standing: office } })
      .thenThrows('invalid-text');
    spec
      .given(given)
      .when({
        type: 'ReturnRectification',
        data: { findingId: 'f1', reason: '缺少开工报告', standing: office },
      })
      .then([returned]);
    const resubmitted: FindingEvent = { ...submitted, data: { ...submitted.data, version: 2 } };
    spec
      .given([...given, returned, resubmitted])
      .when(approve(office))
      .thenThrows('not-a-reviewer');
  });
});
