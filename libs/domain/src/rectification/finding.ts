import { FINDING_SOURCE_NAMES, FINDING_SOURCES, type FindingSource } from '@sg/contracts';
import { assertNever, eventTypesOf, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireDate, requireText } from '../shared/values';
import { holds, mayWrite, type Standing } from '../user/standing';
import type { EvidenceRef, Stage } from '../submission/messages';
import { requireStages } from '../submission/stages';
import {
  completesStage,
  legacyOfficeStage,
  requireReturnReason,
  requireStageReviewer,
  type FindingReview,
  type FindingReviewScope,
} from './finding-review';

export { FINDING_SOURCE_NAMES, FINDING_SOURCES, type FindingSource };

export const FINDING_SEVERITIES = ['high', 'medium', 'low'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const FINDING_SEVERITY_NAMES: Record<FindingSeverity, string> = {
  high: '严重',
  medium: '一般',
  low: '轻微',
};

/** What a finding concerns: one indicator or one task of the plan. */
export interface FindingSubject {
  kind: 'indicator' | 'task';
  id: string;
}

/** A finding as it is recorded: where it comes from, how grave it is, what it concerns. */
export interface FindingInput {
  source: FindingSource;
  severity: FindingSeverity;
  subject: FindingSubject;
  title: string;
  description: string;
}

/** entered → assigned → in-review → closed; a returned action goes back to the assignee. */
export type FindingStatus = 'none' | 'entered' | 'assigned' | 'in-review' | 'returned' | 'closed';

export const FINDING_STATUS_NAMES: Record<Exclude<FindingStatus, 'none'>, string> = {
  entered: '待分派',
  assigned: '整改中',
  'in-review': '待审核',
  returned: '已退回',
  closed: '已销号',
};

export interface FindingAssignment {
  assignee: string;
  /**
   * 责任部门: an id of the departments registry. Findings assigned before departments existed
   * may carry the unit's name as text here; views show it as it is.
   */
  departmentId?: string;
  /** YYYY-MM-DD, the plan's calendar. */
  deadline: string;
}

export type FindingCommand =
  | Message<
      'RecordFinding',
      FindingInput & {
        findingId: string;
        planId: string;
        /** The recorder, as their stream says now. */
        standing: Standing;
      }
    >
  | Message<
      'AssignFinding',
      {
        findingId: string;
        assignment: FindingAssignment;
        standing: Standing;
        /** The assignee, as their stream says now. */
        assignee: Standing;
        /** The departments that exist now, from the registry's own stream. */
        departments: ReadonlySet<string>;
      }
    >
  | Message<
      'SubmitRectification',
      {
        findingId: string;
        narrative: string;
        evidence: EvidenceRef[];
        standing: Standing;
        /** The chain the action goes through, its reviewers resolved now. */
        stages: Stage[];
        scope: FindingReviewScope;
      }
    >
  | Message<'ApproveRectification', { findingId: string; comment?: string; standing: Standing }>
  | Message<'ReturnRectification', { findingId: string; reason: string; standing: Standing }>;

export type FindingEvent =
  | Message<'FindingRecorded', FindingInput & { findingId: string; planId: string; recordedBy: string }>
  | Message<'FindingAssigned', { findingId: string; planId: string; assignedBy: string } & FindingAssignment>
  | Message<
      'RectificationSubmitted',
      {
        findingId: string;
        version: number;
        by: string;
        narrative: string;
        evidence: EvidenceRef[];
        /** Absent on actions submitted before the chain: one office stage. */
        stages?: Stage[];
        projectId?: string;
      }
    >
  | Message<
      'RectificationReturned',
      { findingId: string; version: number; stage?: number; reviewer: string; reason: string }
    >
  | Message<
      'RectificationApproved',
      { findingId: string; version: number; stage?: number; reviewer: string; comment?: string }
    >
  | Message<'RectificationStageCompleted', { findingId: string; version: number; stage: number }>
  | Message<'FindingClosed', { findingId: string; planId: string; version: number }>;

export interface FindingState {
  status: FindingStatus;
  planId: string;
  /** What the finding concerns: a task's project is where its action is reviewed. */
  subject: FindingSubject | undefined;
  assignment: FindingAssignment | undefined;
  /** Rectification versions submitted so far. */
  version: number;
  /** The review of the version submitted last. */
  review: FindingReview;
}

export { OFFICE_STAGE_NAME, type FindingReviewScope } from './finding-review';

export const findingStream = (findingId: string): string => `finding-${findingId}`;

const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
const conflict = (code: string, message: string) => new DomainError('conflict', code, message);

export const findingNotFound = (findingId: string) =>
  new DomainError('not-found', 'finding-not-found', `整改问题不存在：${findingId}`, { findingId });

/** The office of the finding's plan (or of every plan), on an account that may write now. */
export function isOfficeOf(standing: Standing, planId: string): boolean {
  return (
    mayWrite(standing) && (holds(standing, 'office', '*') || holds(standing, 'office', `plan:${planId}`))
  );
}

function requireOffice(standing: Standing, planId: string, what: string): void {
  if (!isOfficeOf(standing, planId)) {
    throw forbidden('not-office', `只有该方案的项目办可以${what}（账号停用或角色已撤销的不能）。`);
  }
}

function requireExisting(state: FindingState, findingId: string): void {
  if (state.status === 'none') throw findingNotFound(findingId);
}

function decide(command: FindingCommand, state: FindingState): FindingEvent[] {
  const { findingId } = command.data;
  switch (command.type) {
    case 'RecordFinding': {
      const d = command.data;
      if (state.status !== 'none') throw conflict('finding-exists', '该整改问题已登记。');
      requireOffice(d.standing, d.planId, '登记整改问题');
      return [
        {
          type: 'FindingRecorded',
          data: {
            findingId,
            planId: d.planId,
            source: d.source,
            severity: d.severity,
            subject: d.subject,
            title: requireText(d.title, '问题标题', 200),
            description: requireText(d.description, '问题描述', 5000),
            recordedBy: d.standing.userId,
          },
        },
      ];
    }
    case 'AssignFinding': {
      requireExisting(state, findingId);
      const { assignment, standing, assignee } = command.data;
      requireOffice(standing, state.planId, '分派整改问题');
      if (state.status === 'closed') throw conflict('finding-closed', '该问题已整改销号，不能再分派。');
      if (state.status === 'in-review')
        throw conflict('finding-in-review', '整改材料正在审核中，审核后再调整分派。');
      if (assignment.departmentId !== undefined && !command.data.departments.has(assignment.departmentId))
        throw new DomainError(
          'invalid',
          'finding-department-not-found',
          `责任部门不存在：${assignment.departmentId}，请从部门列表中选择（部门由项目办在「部门管理」中维护）。`,
          { departmentId: assignment.departmentId },
        );
      if (assignee.userId !== assignment.assignee || !assignee.exists)
        throw new DomainError('invalid', 'assignee-not-found', `整改责任人不存在：${assignment.assignee}`);
      if (!mayWrite(assignee))
        throw new DomainError(
          'invalid',
          'assignee-may-not-write',
          '整改责任人的账号已停用或为只读的审计 / 评价专家，不能承担整改。',
        );
      return [
        {
          type: 'FindingAssigned',
          data: {
            findingId,
            planId: state.planId,
            assignedBy: standing.userId,
            assignee: assignment.assignee,
            ...(assignment.departmentId ? { departmentId: assignment.departmentId } : {}),
            deadline: requireDate(assignment.deadline, '整改期限'),
          },
        },
      ];
    }
    case 'SubmitRectification': {
      requireExisting(state, findingId);
      const { standing, evidence, scope } = command.data;
      if (state.status === 'closed') throw conflict('finding-closed', '该问题已整改销号。');
      if (state.status === 'in-review') throw conflict('finding-in-review', '整改材料正在审核中。');
      if (state.status === 'entered' || !state.assignment)
        throw conflict('finding-not-assigned', '该问题尚未分派责任人。');
      if (standing.userId !== state.assignment.assignee || !mayWrite(standing))
        throw forbidden('not-assignee', '只有该问题当前的整改责任人可以提交整改情况。');
      if (evidence.length === 0)
        throw new DomainError('invalid', 'evidence-required', '提交整改情况须附至少一份佐证材料。');
      return [
        {
          type: 'RectificationSubmitted',
          data: {
            findingId,
            version: state.version + 1,
            by: standing.userId,
            narrative: requireText(command.data.narrative, '整改情况', 10_000),
            evidence,
            stages: requireStages(command.data.stages, standing.userId),
            ...(scope.projectId ? { projectId: scope.projectId } : {}),
          },
        },
      ];
    }
    case 'ApproveRectification':
    case 'ReturnRectification': {
      requireExisting(state, findingId);
      if (state.status !== 'in-review') throw conflict('not-in-review', '该问题当前没有待审核的整改材料。');
      const { review, version } = state;
      const stage = requireStageReviewer(review, command.data.standing);
      const at = { findingId, version, stage: review.stage, reviewer: command.data.standing.userId };
      if (command.type === 'ReturnRectification') {
        return [
          {
            type: 'RectificationReturned',
            data: { ...at, reason: requireReturnReason(command.data.reason) },
          },
        ];
      }
      const comment = command.data.comment?.trim();
      const events: FindingEvent[] = [
        { type: 'RectificationApproved', data: { ...at, ...(comment ? { comment } : {}) } },
      ];
      if (completesStage(review, stage)) {
        events.push({
          type: 'RectificationStageCompleted',
          data: { findingId, version, stage: review.stage },
        });
        if (review.stage === review.stages.length - 1)
          events.push({ type: 'FindingClosed', data: { findingId, planId: state.planId, version } });
      }
      return events;
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: FindingState, event: FindingEvent): FindingState {
  switch (event.type) {
    case 'FindingRecorded':
      return { ...state, status: 'entered', planId: event.data.planId, subject: event.data.subject };
    case 'FindingAssigned': {
      const { assignee, departmentId, deadline } = event.data;
      return {
        ...state,
        status: state.status === 'entered' ? 'assigned' : state.status,
        assignment: { assignee, ...(departmentId ? { departmentId } : {}), deadline },
      };
    }
    case 'RectificationSubmitted': {
      const { version, by, stages, projectId } = event.data;
      return {
        ...state,
        status: 'in-review',
        version,
        review: {
          scope: { planId: state.planId, ...(projectId ? { projectId } : {}) },
          stages: stages ?? [legacyOfficeStage()],
          stage: 0,
          approvals: [],
          submitter: by,
        },
      };
    }
    case 'RectificationReturned':
      return { ...state, status: 'returned' };
    case 'RectificationApproved':
      return {
        ...state,
        review: { ...state.review, approvals: [...state.review.approvals, event.data.reviewer] },
      };
    case 'RectificationStageCompleted':
      return { ...state, review: { ...state.review, stage: state.review.stage + 1, approvals: [] } };
    case 'FindingClosed':
      return { ...state, status: 'closed' };
    default:
      return assertNever(event);
  }
}

/**
 * One 整改 finding: recorded by the office, assigned to a department and person with a deadline,
 * acted on by its assignee with evidence, and closed (销号) when the action has passed every stage
 * of the approval chain (或签 / 会签 / 按比例, as configured for 整改 on the plan). Every write checks the actor's
 * grants as their stream says at that moment.
 */
export const findingDecider: Decider<FindingState, FindingCommand, FindingEvent> = {
  initialState: () => ({
    status: 'none',
    planId: '',
    subject: undefined,
    assignment: undefined,
    version: 0,
    review: { scope: { planId: '' }, stages: [], stage: 0, approvals: [], submitter: '' },
  }),
  evolve,
  decide,
  eventTypes: eventTypesOf<FindingEvent>({
    FindingRecorded: true,
    FindingAssigned: true,
    RectificationSubmitted: true,
    RectificationReturned: true,
    RectificationApproved: true,
    RectificationStageCompleted: true,
    FindingClosed: true,
  }),
};
