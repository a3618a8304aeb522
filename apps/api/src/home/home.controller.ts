import { Controller, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PlanHealth } from '@sg/contracts';
import {
  CompletionQueries,
  NotificationQueries,
  SubmissionQueries,
  TaskSearchQueries,
  WarningQueries,
} from '@sg/read-models';
import { NoQuery } from '../http/as-of';
import { percent } from '../http/figures';
import { IdParam } from '../http/ids';
import { localDate } from '../http/local-time';
import { GetCurrentRoute } from '../http/routes';

/** What the role-aware home pages read beyond the lists they share with other pages. */
@ApiTags('首页')
@Controller()
export class HomeController {
  constructor(
    private readonly completion: CompletionQueries,
    private readonly tasks: TaskSearchQueries,
    private readonly warnings: WarningQueries,
    private readonly submissions: SubmissionQueries,
    private readonly notifications: NotificationQueries,
  ) {}

  @GetCurrentRoute(
    'plans/:planId/health',
    'plan.audit',
    '方案运行情况（项目办首页）：完成率、各状态任务数、预警、待审与退回，以及谁有逾期任务（今天按方案所在时区）',
  )
  @Header('Cache-Control', 'no-store')
  health(@IdParam('planId') planId: string, @NoQuery() _query: void): PlanHealth {
    const today = localDate(new Date(), this.notifications.settings(planId).settings.timezone);
    const completion = this.completion.planCompletionView(planId);
    const warnings = this.warnings.warnings(planId, {}, today);
    const open = this.submissions.open(planId);
    const waiting = open.filter((s) => s.status === 'under-review');
    const oldest = waiting.reduce<string | null>(
      (min, s) => (min === null || s.waitingSince < min ? s.waitingSince : min),
      null,
    );
    return {
      planId,
      today,
      completion: {
        total: completion.total,
        completed: completion.completed,
        rate: completion.rate,
        display: { rate: percent(completion.rate) },
      },
      states: this.tasks.stateCounts(planId, today),
      warnings: {
        严重: warnings.filter((w) => w.grade === '严重').length,
        中度: warnings.filter((w) => w.grade === '中度').length,
        轻度: warnings.filter((w) => w.grade === '轻度').length,
      },
      reviews: {
        waiting: waiting.length,
        oldestWaitingHours:
          oldest === null ? null : Math.floor((Date.now() - Date.parse(oldest)) / 3_600_000),
        sentBack: open.filter((s) => s.status === 'rejected').length,
      },
      late: this.tasks.lateOwners(planId, today),
    };
  }
}
