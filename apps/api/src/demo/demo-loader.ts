import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ActOnCampaign,
  AddLevel,
  AddProject,
  ChangeUser,
  CreatePlan,
  DeclareReportFigures,
  DefineIndicator,
  DefineTask,
  EVENT_STORE,
  OpenCampaign,
  RecordFunds,
  RecordSurvey,
  RecordIndicatorValue,
  RecordTaskProgress,
  newEntityId,
  RegisterUser,
  stepOf,
  type CommandContext,
} from '@sg/application';
import { campaignStream, declarationStream } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { ProjectionRunner } from '@sg/read-models';
import { levelIndicators, taskCompletions } from './demo-facts';
import { DEMO_DECLARATION } from './seed-declaration';
import { DEMO_FUNDS, DEMO_LEVELS, DEMO_PLAN, DEMO_SURVEY_SAMPLES } from './seed-plan';
import { Exact, type Respondents } from '@sg/domain';
import { DEMO_NARRATIVES } from './seed-narratives';

const REASON = '载入演示数据：内蒙古化工职业学院“双高计划”中期绩效自评报告（2022）';

/**
 * Loads the demo college through the same commands a user would issue. Every command carries a
 * key derived from its step, so a load that was interrupted is completed, not duplicated.
 */
@Injectable()
export class DemoLoader {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The demo plan's id: derived from its step key, like every demo entity's. */
  planId(): string {
    return newEntityId(this.context('plan'), 'plan');
  }

  /** Loaded when its last step, the report's declared figures, is in the log. */
  async isLoaded(): Promise<boolean> {
    return (await this.store.readStream(declarationStream(this.planId()), { maxCount: 1 })).length > 0;
  }

  async loadIfAbsent(): Promise<void> {
    if (await this.isLoaded()) return;
    const started = Date.now();
    await this.load();
    this.logger.log(`演示数据已载入（${Date.now() - started} ms）：${DEMO_PLAN.school}`);
  }

  private context(step: string): CommandContext {
    return stepOf(
      {
        actor: 'system',
        correlationId: `demo:${step}`,
        now: new Date(),
        reason: REASON,
        idempotencyKey: 'demo',
      },
      step,
    );
  }

  private async load(): Promise<void> {
    const planId = (
      await this.commands.execute(
        new CreatePlan(
          {
            name: DEMO_PLAN.name,
            school: DEMO_PLAN.school,
            startYear: DEMO_PLAN.startYear,
            endYear: DEMO_PLAN.endYear,
          },
          this.context('plan'),
        ),
      )
    ).id;
    const levelIds = new Map<string, string>();
    for (const level of DEMO_LEVELS) {
      const levelId = (
        await this.commands.execute(
          new AddLevel(
            planId,
            { name: level.name, kind: level.kind, weight: level.weight },
            this.context(`level:${level.key}`),
          ),
        )
      ).id;
      levelIds.set(level.key, levelId);
      const tier = level.key === 'school' ? '1' : '2';

      for (const project of level.projects) {
        const step = `${level.key}:p${project.code}`;
        const projectId = (
          await this.commands.execute(
            new AddProject(
              planId,
              { levelId, code: project.code, name: project.name },
              this.context(`project:${step}`),
            ),
          )
        ).id;
        const owner = await this.commands.execute(
          new RegisterUser(
            {
              username: `${level.key}.p${project.code.padStart(2, '0')}`,
              displayName: `${level.name}项目${project.code}负责人`,
            },
            this.context(`user:${step}`),
          ),
        );
        const granted = await this.commands.execute(
          new ChangeUser(
            owner.id,
            { type: 'GrantRole', role: 'project-lead', scope: `project:${projectId}` },
            this.context(`grant:${step}`),
          ),
        );
        // Defining a task checks its owner in the users read model.
        await this.projections.waitFor(granted.position, 30_000);
        const completions = taskCompletions(project.tasks, project.completed, project.overCompleted);
        // Tasks of a project go in parallel: their appends share group commits.
        await Promise.all(
          completions.map(async (completion, i) => {
            const taskStep = `${step}:t${i + 1}`;
            const task = await this.commands.execute(
              new DefineTask(
                planId,
                {
                  projectId,
                  ownerId: owner.id,
                  title: `项目${project.code} 建设任务 ${i + 1}`,
                  // Every seeded task is a 2021 item (due 2021-12-31): the seed's mid-term figures
                  // are both readings at the 2021-12-31 cut-off.
                  year: 2021,
                },
                this.context(`task:${taskStep}`),
              ),
            );
            if (completion === '0') return;
            await this.commands.execute(
              new RecordTaskProgress(
                task.id,
                { completion, effectiveDate: DEMO_PLAN.cutoff },
                this.context(`progress:${taskStep}`),
              ),
            );
          }),
        );
      }

      for (const indicator of levelIndicators(level, tier)) {
        const { actual, ...definition } = indicator;
        const fed = indicator.feed !== undefined;
        const id = (
          await this.commands.execute(
            new DefineIndicator(
              planId,
              { ...definition, levelId },
              this.context(`indicator:${tier}:${indicator.code}`),
            ),
          )
        ).id;
        if (fed) continue;
        await this.commands.execute(
          new RecordIndicatorValue(
            planId,
            id,
            { actual, effectiveDate: DEMO_PLAN.cutoff },
            this.context(`value:${tier}:${indicator.code}`),
          ),
        );
      }
    }
    for (const level of DEMO_LEVELS) {
      for (const [respondents, satisfaction] of Object.entries(level.satisfaction) as [
        Respondents,
        string,
      ][]) {
        await this.commands.execute(
          new RecordSurvey(
            planId,
            {
              levelId: levelIds.get(level.key)!,
              respondents,
              sampleSize: DEMO_SURVEY_SAMPLES[level.key][respondents],
              satisfaction,
              effectiveDate: DEMO_PLAN.cutoff,
            },
            this.context(`survey:${level.key}:${respondents}`),
          ),
        );
      }
    }
    for (const funds of DEMO_FUNDS) {
      for (const year of [2019, 2020, 2021]) {
        await this.commands.execute(
          new RecordFunds(
            planId,
            {
              levelId: levelIds.get(funds.level)!,
              source: funds.source,
              year,
              budget: funds.perYear,
              arrived: funds.perYear,
              spent: new Exact(funds.perYear).times('0.85').toString(),
              effectiveDate: DEMO_PLAN.cutoff,
            },
            this.context(`funds:${funds.level}:${funds.source}:${year}`),
          ),
        );
      }
    }
    await this.loadCampaign(planId);
    await this.commands.execute(
      new DeclareReportFigures(planId, DEMO_DECLARATION, this.context('declaration')),
    );
  }

  /**
   * The 2021 mid-term campaign the source report came out of, opened by a demo office account,
   * with the school-level report prefilled from the source report's narratives (not submitted:
   * the office reviews it, submits and signs it off).
   */
  private async loadCampaign(planId: string): Promise<void> {
    const office = await this.commands.execute(
      new RegisterUser(
        { username: 'demo.office', displayName: '双高办（演示）' },
        this.context('user:office'),
      ),
    );
    const granted = await this.commands.execute(
      new ChangeUser(
        office.id,
        { type: 'GrantRole', role: 'office', scope: `plan:${planId}` },
        this.context('grant:office'),
      ),
    );
    // Who writes what is worked out from the tasks and grants in the read models.
    await this.projections.waitFor(granted.position, 30_000);
    const as = (step: string) => ({ ...this.context(step), actor: office.id });
    const campaign = await this.commands.execute(
      new OpenCampaign(
        planId,
        {
          kind: 'mid-term',
          title: '2021 年中期绩效自评',
          periodStart: '2019-01-01',
          periodEnd: DEMO_PLAN.cutoff,
          cutoff: DEMO_PLAN.cutoff,
          windows: {
            individual: { opens: '2022-01-04', closes: '2022-01-14' },
            unit: { opens: '2022-01-17', closes: '2022-01-25' },
            group: { opens: '2022-01-26', closes: '2022-02-11' },
            school: { opens: '2022-02-14', closes: '2022-03-04' },
          },
        },
        as('campaign'),
      ),
    );
    await this.projections.waitFor(campaign.position, 30_000);
    const [opened] = await this.store.readStream(campaignStream(campaign.id), { maxCount: 1 });
    const roster = (opened.data as { roster: { reportId: string; layer: string }[] }).roster;
    const school = roster.find((r) => r.layer === 'school')!;
    await this.commands.execute(
      new ActOnCampaign(
        campaign.id,
        { kind: 'save', reportId: school.reportId, sections: { ...DEMO_NARRATIVES } },
        as('campaign:school-report'),
      ),
    );
  }
}
