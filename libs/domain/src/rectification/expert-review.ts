import Decimal from 'decimal.js';
import { assertNever, eventTypesOf, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireDate, requireText } from '../shared/values';
import { holds, type Standing } from '../user/standing';
import { isOfficeOf } from './finding';

/**
 * 专家评审: the office invites outside experts to review one plan's self-evaluation for a period.
 * Each expert's access ends at `accessUntil` (an instant); after it the account reads and writes
 * nothing of the plan.
 */
export interface ReviewPeriod {
  /** YYYY-MM-DD: the evaluation period whose figures the experts judge. */
  from: string;
  to: string;
}

export type ExpertReviewCommand =
  | Message<
      'OpenExpertReview',
      {
        reviewId: string;
        planId: string;
        title: string;
        period: ReviewPeriod;
        accessUntil: string;
        standing: Standing;
        /** ISO instant of the command. */
        at: string;
      }
    >
  | Message<'InviteExpert', { reviewId: string; expert: Standing; standing: Standing; at: string }>
  | Message<
      'RecordExpertScore',
      {
        reviewId: string;
        indicatorId: string;
        /** The indicator's points in the plan: the most an expert may give. */
        points: string;
        score: string;
        comment: string;
        standing: Standing;
        at: string;
      }
    >
  | Message<'CloseExpertReview', { reviewId: string; standing: Standing; at: string }>;

export type ExpertReviewEvent =
  | Message<
      'ExpertReviewOpened',
      {
        reviewId: string;
        planId: string;
        title: string;
        period: ReviewPeriod;
        accessUntil: string;
        openedBy: string;
      }
    >
  | Message<'ExpertInvited', { reviewId: string; planId: string; expertId: string; accessUntil: string }>
  | Message<
      'ExpertScoreRecorded',
      {
        reviewId: string;
        planId: string;
        expertId: string;
        indicatorId: string;
        score: string;
        comment: string;
      }
    >
  | Message<'ExpertReviewClosed', { reviewId: string; planId: string; closedBy: string }>;

export interface ExpertReviewState {
  status: 'none' | 'open' | 'closed';
  planId: string;
  accessUntil: string;
  experts: string[];
}

export const expertReviewStream = (reviewId: string): string => `expert-review-${reviewId}`;

export const expertReviewNotFound = (reviewId: string) =>
  new DomainError('not-found', 'expert-review-not-found', `专家评审不存在：${reviewId}`, { reviewId });

/** The expert role for a plan: held by an outside account, alone, and read-only outside its scores. */
export const isExpertOf = (standing: Standing, planId: string): boolean =>
  holds(standing, 'expert', `plan:${planId}`);

const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
const conflict = (code: string, message: string) => new DomainError('conflict', code, message);

function requireOffice(standing: Standing, planId: string): void {
  if (!isOfficeOf(standing, planId))
    throw forbidden('not-office', '只有该方案的项目办可以组织专家评审（账号停用或角色已撤销的不能）。');
}

function requireInstant(value: string, field: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new DomainError('invalid', 'invalid-instant', `${field} 不是有效时间：${value}`, { field });
  return new Date(ms).toISOString();
}

function requireScore(value: string, points: string): string {
  let score: Decimal;
  try {
    score = new Decimal(value);
  } catch {
    throw new DomainError('invalid', 'invalid-score', `评分不是有效数字：${value}`);
  }
  if (!score.isFinite() || score.lt(0) || score.gt(points) || score.decimalPlaces() > 2)
    throw new DomainError(
      'invalid',
      'invalid-score',
      `评分应在 0 到该指标分值 ${points} 之间，最多两位小数：${value}`,
    );
  return score.toString();
}

function decide(command: ExpertReviewCommand, state: ExpertReviewState): ExpertReviewEvent[] {
  const { reviewId } = command.data;
  if (command.type !== 'OpenExpertReview' && state.status === 'none') throw expertReviewNotFound(reviewId);
  switch (command.type) {
    case 'OpenExpertReview': {
      const d = command.data;
      if (state.status !== 'none') throw conflict('expert-review-exists', '该专家评审已创建。');
      requireOffice(d.standing, d.planId);
      const from = requireDate(d.period.from, '评审期间起');
      const to = requireDate(d.period.to, '评审期间止');
      if (from > to)
        throw new DomainError('invalid', 'invalid-period', '评审期间的起始日期不能晚于结束日期。');
      const accessUntil = requireInstant(d.accessUntil, '账号有效期');
      if (Date.parse(accessUntil) <= Date.parse(d.at))
        throw new DomainError('invalid', 'access-already-ended', '账号有效期应晚于当前时间。');
      return [
        {
          type: 'ExpertReviewOpened',
          data: {
            reviewId,
            planId: d.planId,
            title: requireText(d.title, '评审名称', 200),
            period: { from, to },
            accessUntil,
            openedBy: d.standing.userId,
          },
        },
      ];
    }
    case 'InviteExpert': {
      const { expert, standing, at } = command.data;
      requireOffice(standing, state.planId);
      if (state.status === 'closed' || Date.parse(at) >= Date.parse(state.accessUntil))
        throw conflict('expert-review-ended', '该专家评审已结束，不能再邀请专家。');
      if (!expert.exists)
        throw new DomainError('invalid', 'expert-not-found', `专家账号不存在：${expert.userId}`);
      if (!expert.active || !isExpertOf(expert, state.planId))
        throw new DomainError(
          'invalid',
          'not-an-expert-account',
          '只能邀请持有本方案「评审专家」角色、且未停用的账号。',
        );
      if (state.experts.includes(expert.userId)) return [];
      return [
        {
          type: 'ExpertInvited',
          data: { reviewId, planId: state.planId, expertId: expert.userId, accessUntil: state.accessUntil },
        },
      ];
    }
    case 'RecordExpertScore': {
      const d = command.data;
      const expertId = d.standing.userId;
      if (!state.experts.includes(expertId) || !d.standing.active || !isExpertOf(d.standing, state.planId))
        throw forbidden('not-invited-expert', '您不是该评审邀请的专家，或专家角色已被撤销。');
      if (state.status === 'closed' || Date.parse(d.at) >= Date.parse(state.accessUntil))
        throw forbidden('expert-access-expired', '专家评审已结束（账号有效期已过），不能再评分。');
      return [
        {
          type: 'ExpertScoreRecorded',
          data: {
            reviewId,
            planId: state.planId,
            expertId,
            indicatorId: d.indicatorId,
            score: requireScore(d.score, d.points),
            comment: requireText(d.comment, '评审意见', 2000),
          },
        },
      ];
    }
    case 'CloseExpertReview': {
      requireOffice(command.data.standing, state.planId);
      if (state.status === 'closed') return [];
      return [
        {
          type: 'ExpertReviewClosed',
          data: { reviewId, planId: state.planId, closedBy: command.data.standing.userId },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: ExpertReviewState, event: ExpertReviewEvent): ExpertReviewState {
  switch (event.type) {
    case 'ExpertReviewOpened':
      return { ...state, status: 'open', planId: event.data.planId, accessUntil: event.data.accessUntil };
    case 'ExpertInvited':
      return { ...state, experts: [...state.experts, event.data.expertId] };
    case 'ExpertScoreRecorded':
      return state;
    case 'ExpertReviewClosed':
      return { ...state, status: 'closed' };
    default:
      return assertNever(event);
  }
}

export const expertReviewDecider: Decider<ExpertReviewState, ExpertReviewCommand, ExpertReviewEvent> = {
  initialState: () => ({ status: 'none', planId: '', accessUntil: '', experts: [] }),
  evolve,
  decide,
  eventTypes: eventTypesOf<ExpertReviewEvent>({
    ExpertReviewOpened: true,
    ExpertInvited: true,
    ExpertScoreRecorded: true,
    ExpertReviewClosed: true,
  }),
};
