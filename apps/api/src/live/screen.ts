import { Injectable } from '@nestjs/common';
import type { LiveScreen } from '@sg/contracts';
import { planNotFound } from '@sg/domain';
import {
  AchievementQueries,
  CompletionQueries,
  FundsQueries,
  NotificationQueries,
  ScoreQueries,
  SubmissionQueries,
  WarningQueries,
} from '@sg/read-models';
import { figure, percent, points } from '../http/figures';
import { localDate, localDateTime } from '../http/local-time';

/** How many of each list the display shows: what fits a 1920×1080 screen without scrolling. */
const TOP_WARNINGS = 6;
const RECENT_ACHIEVEMENTS = 6;
const RECENT_APPROVALS = 8;

const display = (s: { total: number; completed: string; rate: string; overCompleted: number }) => ({
  total: String(s.total),
  completed: figure(s.completed),
  rate: percent(s.rate),
  remark: s.overCompleted > 0 ? `超额完成 ${s.overCompleted} 项` : '',
});

/**
 * 数据大屏: one snapshot of a plan as it stands now, composed from the read models' own queries.
 * Figures are printed here (as the report prints them), so every screen shows the same text.
 */
@Injectable()
export class ScreenComposer {
  constructor(
    private readonly completion: CompletionQueries,
    private readonly scores: ScoreQueries,
    private readonly warnings: WarningQueries,
    private readonly funds: FundsQueries,
    private readonly achievements: AchievementQueries,
    private readonly submissions: SubmissionQueries,
    private readonly notifications: NotificationQueries,
  ) {}

  compose(planId: string, position: number, now = new Date()): LiveScreen {
    const plan = this.completion.plan(planId);
    if (!plan) throw planNotFound(planId);
    const { timezone } = this.notifications.settings(planId).settings;
    const today = localDate(now, timezone);
    const completion = this.completion.planCompletionView(planId);
    const levelName = new Map(completion.levels.map((l) => [l.levelId, l.name]));
    const score = this.scores.report(planId);
    const warnings = this.warnings.warnings(planId, {}, today);
    const funds = this.funds.funds(planId);
    const achievements = this.achievements.byLevel(planId);
    const month = today.slice(0, 7);
    // A month is at most 31 days: look back 32 and keep what falls in the plan's calendar month.
    const approved = this.submissions
      .approvedSince(planId, new Date(now.getTime() - 32 * 86_400_000).toISOString())
      .filter((a) => localDate(a.approvedAt, timezone).startsWith(month));
    const count = (grade: string) => warnings.filter((w) => w.grade === grade).length;
    return {
      planId,
      school: plan.school,
      planName: plan.name,
      position,
      composedAt: now.toISOString(),
      today,
      timezone,
      completion: {
        total: completion.total,
        rate: completion.rate,
        display: display(completion),
        levels: completion.levels.map((level) => ({
          levelId: level.levelId,
          name: level.name,
          rate: level.rate,
          display: display(level),
          projects: level.projects.map((project) => ({
            projectId: project.projectId,
            code: project.code,
            name: project.name,
            rate: project.rate,
            display: display(project),
          })),
        })),
      },
      score: {
        total: points(score.total),
        grade: score.grade,
        levels: score.levels.map((l) => ({
          levelId: l.levelId,
          name: l.name,
          total: points(l.total),
          grade: l.grade,
        })),
      },
      warnings: {
        counts: { 严重: count('严重'), 中度: count('中度'), 轻度: count('轻度') },
        top: warnings.slice(0, TOP_WARNINGS).map((w) => ({
          grade: w.grade,
          project: `${w.projectCode} ${w.projectName}`,
          title: w.title ?? '（项目整体）',
          gap: percent(w.gap),
        })),
      },
      funds: {
        budget: figure(funds.budget),
        arrived: figure(funds.arrived),
        spent: figure(funds.spent),
        arrivalRate: percent(funds.arrivalRate),
        executionRate: percent(funds.executionRate),
      },
      achievements: {
        total: achievements.total,
        national: achievements.national,
        recent: achievements.levels
          .flatMap((l) => l.achievements)
          .sort((a, b) => b.awardedOn.localeCompare(a.awardedOn))
          .slice(0, RECENT_ACHIEVEMENTS)
          .map((a) => ({
            achievementId: a.achievementId,
            title: a.title,
            tier: a.tier,
            level: levelName.get(a.levelId) ?? '',
            awardedOn: a.awardedOn,
          })),
      },
      approvals: {
        month,
        count: approved.length,
        recent: approved.slice(0, RECENT_APPROVALS).map((a) => {
          const task = this.completion.task(a.taskId);
          const project =
            task && completion.levels.flatMap((l) => l.projects).find((p) => p.projectId === task.projectId);
          return {
            submissionId: a.submissionId,
            task: task?.title ?? '',
            project: project ? `${project.code} ${project.name}` : '',
            approvedAt: localDateTime(a.approvedAt, timezone).slice(0, 16),
          };
        }),
      },
    };
  }
}
