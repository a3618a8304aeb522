import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import {
  ApplyPointsScheme,
  ConfigureFundSources,
  DeclareReportFigures,
  DefineIndicator,
  RecordAchievement,
  RecordFunds,
  RecordTaskFunds,
  RecordSurvey,
  RecordIndicatorValue,
  type CommandContext,
  type CommandResult,
} from '@sg/application';
import { CommandResultDto } from '../http/command-result.dto';
import { IdParam } from '../http/ids';
import { Ctx } from '../http/request-context';
import { localDate } from '../http/local-time';
import {
  DefineIndicatorDto,
  FundSourcesDto,
  PointsSchemeDto,
  RecordAchievementDto,
  RecordFundsDto,
  RecordIndicatorValueDto,
  RecordSurveyDto,
  WarningsQueryDto,
} from './indicators.dto';
import {
  AchievementQueries,
  DEFAULT_WARNING_THRESHOLDS,
  FundsQueries,
  NotificationQueries,
  ReconciliationQueries,
  ScoreQueries,
  WarningQueries,
  type AsOf,
} from '@sg/read-models';
import { DomainError } from '@sg/domain';
import { percent } from '../http/figures';
import { DeclareFiguresDto } from './reconciliation.dto';
import { RecordTaskFundsDto } from './task-funds.dto';
import { presentScoreReport } from './score-report.presenter';
import { AsOfQuery, asOfOf, NoQuery } from '../http/as-of';
import { GetCurrentRoute, GetRoute, PostRoute } from '../http/routes';

@ApiTags('绩效指标与得分')
@Controller('plans/:planId')
export class IndicatorsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly scoreQueries: ScoreQueries,
    private readonly reconciliationQueries: ReconciliationQueries,
    private readonly fundsQueries: FundsQueries,
    private readonly achievementQueries: AchievementQueries,
    private readonly warningQueries: WarningQueries,
    private readonly notificationQueries: NotificationQueries,
  ) {}

  @PostRoute('indicators', 'plan.manage', '定义绩效指标（分值、目标值、评分规则）')
  @ApiCreatedResponse({ type: CommandResultDto })
  define(
    @IdParam('planId') planId: string,
    @Body() body: DefineIndicatorDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...definition } = body;
    return this.commands.execute(new DefineIndicator(planId, definition, context));
  }

  @PostRoute('indicators/:indicatorId/values', 'plan.manage', '记录指标实际完成值（及其生效日期）')
  @ApiCreatedResponse({ type: CommandResultDto })
  record(
    @IdParam('planId') planId: string,
    @IdParam('indicatorId') indicatorId: string,
    @Body() body: RecordIndicatorValueDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...value } = body;
    return this.commands.execute(new RecordIndicatorValue(planId, indicatorId, value, context));
  }

  @GetRoute(
    'scores',
    'plan.review-material',
    '得分树：指标、表格行（指标数/完成数/完成率/得分/备注）、二级与一级指标、层面总分、加权总分与等级；可按截至日期与知情时间计算',
  )
  scores(@IdParam('planId') planId: string, @AsOfQuery() asOf: AsOf) {
    return presentScoreReport(this.scoreQueries.report(planId, asOf));
  }

  @PostRoute('reconciliation', 'plan.manage', '登记报告所列的数字（同名报告的新登记取代旧的）')
  @ApiCreatedResponse({ type: CommandResultDto })
  declare(
    @IdParam('planId') planId: string,
    @Body() body: DeclareFiguresDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...declaration } = body;
    return this.commands.execute(new DeclareReportFigures(planId, declaration, context));
  }

  @GetCurrentRoute(
    'reconciliation',
    'plan.read',
    '核对：报告所列数字与按记录计算的数字逐一比对，列出每处不一致（各报告按其自身截至日期计算）',
  )
  reconciliation(@IdParam('planId') planId: string, @NoQuery() _query: void) {
    return this.reconciliationQueries.reconcile(planId);
  }

  @PostRoute('fund-sources', 'plan.manage', '设置本方案的资金来源（默认为国家模板的五类）')
  @ApiCreatedResponse({ type: CommandResultDto })
  configureFundSources(
    @IdParam('planId') planId: string,
    @Body() body: FundSourcesDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new ConfigureFundSources(planId, body.sources, context));
  }

  @PostRoute(
    'surveys',
    'plan.manage',
    '记录满意度调查结果（调查对象、有效问卷数、满意度）；取自调查的满意度指标随之计分',
  )
  @ApiCreatedResponse({ type: CommandResultDto })
  recordSurvey(
    @IdParam('planId') planId: string,
    @Body() body: RecordSurveyDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...survey } = body;
    return this.commands.execute(new RecordSurvey(planId, survey, context));
  }

  @GetRoute(
    'surveys',
    'plan.read',
    '满意度调查结果列表：层面、调查对象、有效问卷数、满意度、调查日期，最新在前，标明各对象当前计分所用的一次；可按截至日期与知情时间计算',
  )
  surveys(@IdParam('planId') planId: string, @AsOfQuery() asOf: AsOf) {
    return this.scoreQueries.surveys(planId, asOf);
  }

  @PostRoute('funds', 'plan.manage', '记录资金：某层面某来源某年度的预算、到位与支出（万元）')
  @ApiCreatedResponse({ type: CommandResultDto })
  recordFunds(
    @IdParam('planId') planId: string,
    @Body() body: RecordFundsDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...record } = body;
    return this.commands.execute(new RecordFunds(planId, record, context));
  }

  @PostRoute(
    'task-funds',
    'plan.manage',
    '记录建设任务资金：项目总预算中某建设任务某来源截至生效日期的累计到位与支出（万元）',
  )
  @ApiCreatedResponse({ type: CommandResultDto })
  recordTaskFunds(
    @IdParam('planId') planId: string,
    @Body() body: RecordTaskFundsDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...record } = body;
    return this.commands.execute(new RecordTaskFunds(planId, record, context));
  }

  @GetRoute('funds', 'plan.read', '资金到位率与执行率：按来源、层面、年度；可按截至日期与知情时间计算')
  funds(@IdParam('planId') planId: string, @AsOfQuery() asOf: AsOf) {
    const view = this.fundsQueries.funds(planId, asOf);
    const display = (t: { arrivalRate: string; executionRate: string }) => ({
      arrivalRate: percent(t.arrivalRate),
      executionRate: percent(t.executionRate),
    });
    return {
      ...view,
      display: display(view),
      bySource: view.bySource.map((s) => ({ ...s, display: display(s) })),
      byLevel: view.byLevel.map((l) => ({ ...l, display: display(l) })),
    };
  }

  @PostRoute(
    'points-schemes',
    'plan.manage',
    '为一个层面的整个二级指标设置分值（如 20 分）：平均分配给其下各指标，并按目标类型采用默认评分规则（≥ 按比例、≤ 与区间达标、定性人工、成本指标按执行率）',
  )
  @ApiCreatedResponse({ type: CommandResultDto })
  applyPointsScheme(
    @IdParam('planId') planId: string,
    @Body() body: PointsSchemeDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...input } = body;
    return this.commands.execute(new ApplyPointsScheme(planId, input, context));
  }

  @GetRoute(
    'budgets',
    'plan.read',
    '任务书预算与资金：各层面按来源的项目总预算、到位资金、支出、到位率与执行率，以及各建设任务的预算、到位与支出（到位率、执行率，合计与按来源）；可按截至日期与知情时间计算',
  )
  budgets(@IdParam('planId') planId: string, @AsOfQuery() asOf: AsOf) {
    const view = this.fundsQueries.budgets(planId, asOf);
    const shown = (value: string | null) => (value === null ? '—' : percent(value));
    const rates = (r: { arrivalRate: string | null; executionRate: string | null }) => ({
      arrivalRate: shown(r.arrivalRate),
      executionRate: shown(r.executionRate),
    });
    return {
      ...view,
      levels: view.levels.map((level) => ({
        ...level,
        bySource: level.bySource.map((s) => ({ ...s, display: rates(s) })),
        tasks: level.tasks.map((t) => ({
          ...t,
          funds: {
            ...t.funds,
            display: rates(t.funds),
            bySource: t.funds.bySource.map((s) => ({ ...s, display: rates(s) })),
          },
        })),
      })),
    };
  }

  @PostRoute('achievements', 'plan.manage', '登记标志性成果（级别、归属、获得日期、关联任务）')
  @ApiCreatedResponse({ type: CommandResultDto })
  recordAchievement(
    @IdParam('planId') planId: string,
    @Body() body: RecordAchievementDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...achievement } = body;
    return this.commands.execute(new RecordAchievement(planId, achievement, context));
  }

  @GetRoute(
    'achievements',
    'plan.read',
    '标志性成果：按层面与级别统计（每项只计一次）；可按截至日期与知情时间计算',
  )
  achievements(@IdParam('planId') planId: string, @AsOfQuery() asOf: AsOf) {
    return this.achievementQueries.byLevel(planId, asOf);
  }

  @GetRoute(
    'warnings',
    'plan.read',
    '预警：落后于年度里程碑或时间进度的任务与项目，按落后程度分为轻度 / 中度 / 严重，最严重的在前',
  )
  warnings(@IdParam('planId') planId: string, @Query() query: WarningsQueryDto) {
    const thresholds = {
      mild: query.mild ?? DEFAULT_WARNING_THRESHOLDS.mild,
      moderate: query.moderate ?? DEFAULT_WARNING_THRESHOLDS.moderate,
      severe: query.severe ?? DEFAULT_WARNING_THRESHOLDS.severe,
    };
    if (!(
      Number(thresholds.mild) < Number(thresholds.moderate) &&
      Number(thresholds.moderate) < Number(thresholds.severe)
    )) {
      throw new DomainError('invalid', 'invalid-thresholds', '预警起点应满足：轻度 < 中度 < 严重。');
    }
    // The plan's calendar day, not UTC's: at 07:00 in Beijing UTC is still on yesterday.
    const today = localDate(new Date(), this.notificationQueries.settings(planId).settings.timezone);
    const warnings = this.warningQueries.warnings(planId, asOfOf(query), today, thresholds);
    return {
      thresholds,
      counts: {
        严重: 0,
        中度: 0,
        轻度: 0,
        ...Object.fromEntries(
          ['严重', '中度', '轻度'].map((g) => [g, warnings.filter((w) => w.grade === g).length]),
        ),
      },
      warnings: warnings.map((w) => ({
        ...w,
        display: { expected: percent(w.expected), actual: percent(w.actual), gap: percent(w.gap) },
      })),
    };
  }
}
