import { deciderSpec } from '@sg/testing';
import { findingDecider, type FindingEvent } from './finding';
import type { Standing } from '../user/standing';
import type { Stage } from '../submission/messages';
import { evidence, office, recordedAbout, teacher, who } from './finding.fixtures';

const spec = deciderSpec(findingDecider);
const otherOffice = who('office2', ['office@plan:p2']);
const departments: ReadonlySet<string> = new Set(['d-jwc']);
const officeStage: Stage = {
  name: '项目办审核',
  rule: { kind: 'any' },
  reviewers: ['office1'],
  eligible: { roles: ['office'], users: [] },
};
const officeChain = { stages: [officeStage], scope: { planId: 'p1' } };

const recorded = recordedAbout(
  { kind: 'indicator', id: 'i1' },
  '标志性成果佐证不足',
  '国家级教学成果奖缺少获奖证书扫描件。',
);
const assigned: FindingEvent = {
  type: 'FindingAssigned',
  data: { findingId: 'f1', planId: 'p1', assignedBy: 'office1', assignee: 'teacher', deadline: '2022-06-30' },
};
const submitted: FindingEvent = {
  type: 'RectificationSubmitted',
  data: { findingId: 'f1', version: 1, by: 'teacher', narrative: '已补齐证书扫描件', evidence },
};

describe('a finding (整改问题)', () => {
  it('is recorded by the office of its plan', () => {
    spec
      .given([])
      .when({
        type: 'RecordFinding',
        data: {
          findingId: 'f1',
          planId: 'p1',
          source: 'expert',
          severity: 'high',
          subject: { kind: 'indicator', id: 'i1' },
          title: ' 标志性成果佐证不足 ',
          description: '国家级教学成果奖缺少获奖证书扫描件。',
          standing: office,
        },
      })
      .then([recorded]);
  });

  it('is not recorded by the office of another plan, nor by a teacher', () => {
    for (const standing of [otherOffice, teacher]) {
      spec
        .given([])
        .when({
          type: 'RecordFinding',
          data: { ...recorded.data, standing },
        })
        .thenThrows('not-office');
    }
  });

  it('is assigned to an active person with a deadline, department optional', () => {
    spec
      .given([recorded])
      .when({
        type: 'AssignFinding',
        data: {
          findingId: 'f1',
          assignment: { assignee: 'teacher', deadline: '2022-06-30' },
          standing: office,
          assignee: teacher,
          departments,
        },
      })
      .then([assigned]);
    spec
      .given([recorded])
      .when({
        type: 'AssignFinding',
        data: {
          findingId: 'f1',
          assignment: { assignee: 'teacher', departmentId: 'd-jwc', deadline: '2022-06-30' },
          standing: office,
          assignee: teacher,
          departments,
        },
      })
      .then([{ ...assigned, data: { ...assigned.data, departmentId: 'd-jwc' } }]);
  });

  it('refuses a disabled or read-only assignee, and an office whose role was revoked', () => {
    const base = {
      findingId: 'f1',
      assignment: { assignee: 'teacher', deadline: '2022-06-30' },
      departments,
    };
    spec
      .given([recorded])
      .when({
        type: 'AssignFinding',
        data: { ...base, standing: office, assignee: who('teacher', [], false) },
      })
      .thenThrows('assignee-may-not-write');
    spec
      .given([recorded])
      .when({
        type: 'AssignFinding',
        data: { ...base, standing: office, assignee: who('teacher', ['auditor@*']) },
      })
      .thenThrows('assignee-may-not-write');
    spec
      .given([recorded])
      .when({ type: 'AssignFinding', data: { ...base, standing: who('office1'), assignee: teacher } })
      .thenThrows('not-office');
  });

  it('takes a rectification with evidence from its assignee only', () => {
    spec
      .given([recorded, assigned])
      .when({
        type: 'SubmitRectification',
        data: { findingId: 'f1', narrative: '已补齐证书扫描件', evidence, standing: teacher, ...officeChain },
      })
      .then([{ ...submitted, data: { ...submitted.data, stages: [officeStage] } }]);
    spec
      .given([recorded, assigned])
      .when({
        type: 'SubmitRectification',
        data: { findingId: 'f1', narrative: '已补齐', evidence, standing: who('someone'), ...officeChain },
      })
      .thenThrows('not-assignee');
    spec
      .given([recorded, assigned])
      .when({
        type: 'SubmitRectification',
        data: { findingId: 'f1', narrative: '已补齐', evidence: [], standing: teacher, ...officeChain },
      })
      .thenThrows('evidence-required');
    spec
      .given([recorded])
      .when({
        type: 'SubmitRectification',
        data: { findingId: 'f1', narrative: '已补齐', evidence, standing: teacher, ...officeChain },
      })
      .thenThrows('finding-not-assigned');
  });

  it('closes an action submitted before the chain when an office of the plan approves it', () => {
    spec
      .given([recorded, assigned, submitted])
      .when({
        type: 'ApproveRectification',
        data: { findingId: 'f1', comment: '同意销号', standing: office },
      })
      .then([
        {
          type: 'RectificationApproved',
          data: { findingId: 'f1', version: 1, stage: 0, reviewer: 'office1', comment: '同意销号' },
        },
        { type: 'RectificationStageCompleted', data: { findingId: 'f1', version: 1, stage: 0 } },
        { type: 'FindingClosed', data: { findingId: 'f1', planId: 'p1', version: 1 } },
      ]);
  });

  it('is not approved by its own submitter, by another plan’s office, or by a revoked office', () => {
    const approve = (standing: Standing) => ({
      type: 'ApproveRectification' as const,
      data: { findingId: 'f1', standing },
    });
    const officeAssigned: FindingEvent = { ...assigned, data: { ...assigned.data, assignee: 'office1' } };
    const officeSubmitted: FindingEvent = { ...submitted, data: { ...submitted.data, by: 'office1' } };
    spec
      .given([recorded, officeAssigned, officeSubmitted])
      .when(approve(office))
      .thenThrows('own-rectification');
    spec.given([recorded, assigned, submitted]).when(approve(otherOffice)).thenThrows('not-office');
    spec
      .given([recorded, assigned, submitted])
      .when(approve(who('office1')))
      .thenThrows('not-office');
    spec
      .given([recorded, assigned, submitted])
      .when(approve(who('office1', ['office@plan:p1'], false)))
      .thenThrows('not-office');
  });

  it('goes back to the assignee when returned, who may submit the next version', () => {
    const returned: FindingEvent = {
      type: 'RectificationReturned',
      data: { findingId: 'f1', version: 1, stage: 0, reviewer: 'office1', reason: '证书不清晰' },
    };
    spec
      .given([recorded, assigned, submitted])
      .when({
        type: 'ReturnRectification',
        data: { findingId: 'f1', reason: '证书不清晰', standing: office },
      })
      .then([returned]);
    spec
      .given([recorded, assigned, submitted, returned])
      .when({
        type: 'SubmitRectification',
        data: { findingId: 'f1', narrative: '重新扫描', evidence, standing: teacher, ...officeChain },
      })
      .then([
        {
          type: 'RectificationSubmitted',
          data: {
            findingId: 'f1',
            version: 2,
            by: 'teacher',
            narrative: '重新扫描',
            evidence,
            stages: [officeStage],
          },
        },
      ]);
  });

  it('refuses every change once closed, and actions on a finding never recorded', () => {
    const closed: FindingEvent[] = [
      recorded,
      assigned,
      submitted,
      { type: 'RectificationApproved', data: { findingId: 'f1', version: 1, reviewer: 'office1' } },
      { type: 'FindingClosed', data: { findingId: 'f1', planId: 'p1', version: 1 } },
    ];
    spec
      .given(closed)
      .when({
        type: 'SubmitRectification',
        data: { findingId: 'f1', narrative: '再次提交', evidence, standing: teacher, ...officeChain },
      })
      .thenThrows('finding-closed');
    spec
      .given(closed)
      .when({
        type: 'AssignFinding',
        data: {
          findingId: 'f1',
          assignment: { assignee: 'teacher', deadline: '2023-01-01' },
          standing: office,
          assignee: teacher,
          departments,
        },
      })
      .thenThrows('finding-closed');
    spec
      .given(closed)
      .when({ type: 'ApproveRectification', data: { findingId: 'f1', standing: office } })
      .thenThrows('not-in-review');
    spec
      .given([])
      .when({ type: 'ApproveRectification', data: { findingId: 'f1', standing: office } })
      .thenThrows('finding-not-found');
  });
});
