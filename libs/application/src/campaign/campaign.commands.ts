import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  achievementStream,
  campaignDecider,
  campaignNotFound,
  campaignStream,
  CAMPAIGN_KINDS,
  DomainError,
  LAYER_NAMES,
  planNotFound,
  REPORT_SECTIONS,
  taskStream,
  type Achievement,
  type AchievementFacts,
  type Assignment,
  type CampaignCommand,
  type CampaignKind,
  type CampaignLayer,
  type LayerWindow,
  type Sections,
} from '@sg/domain';
import { deterministicEventId } from '@sg/event-store';
import { CompletionQueries, NotificationQueries, UserQueries } from '@sg/read-models';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn, targetsOf } from '../pipeline/command-on';
import { loadPlan, loadStanding } from '../pipeline/load-state';
import { dateIn } from '../notification/reminders';
import { OnNotifications } from '../notification/notification-views';
import { OnEventStoreWith } from '../on-event-store-with';
import { sanitizeReportHtml } from './rich-text';

export interface OpenCampaignInput {
  kind: CampaignKind;
  title?: string;
  periodStart: string;
  periodEnd: string;
  cutoff: string;
  windows: Record<CampaignLayer, LayerWindow>;
}

export class OpenCampaign extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: OpenCampaignInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** One campaign per plan, kind and period: its id follows from them. */
export const campaignIdOf = (planId: string, kind: CampaignKind, periodStart: string, periodEnd: string) =>
  deterministicEventId(`campaign:${planId}`, `${kind}:${periodStart}:${periodEnd}`, 0);

const campaign = targetsOf(campaignStream, campaignDecider);

/** A report's id within its campaign, from its layer and scope. */
const reportIdOf = (campaignId: string, layer: CampaignLayer, scope: string) =>
  deterministicEventId(`report:${campaignId}`, `${layer}:${scope}`, 0);

/**
 * Who must write what, from the plan as the read models show it when the campaign opens:
 * 个人自评 by everyone who owns a task (signed by the lead of their task's project);
 * 建设单位自评 per project, by its project lead (departments do not exist yet: the project is the
 * unit); 建设组自评 per level (学校层面 / each 专业群), by the leads of its projects, signed by the
 * office; 学校自评总结 by the office. Where a project has no lead, the office stands in.
 */
export function rosterOf(
  planId: string,
  campaignId: string,
  completion: CompletionQueries,
  users: UserQueries,
): Assignment[] {
  const view = completion.planCompletionView(planId, {});
  const tasks = completion.tasksOfPlan(planId);
  const names = new Map(users.list().map((u) => [u.userId, u.displayName]));
  const officeGrants = ['office@*', `office@plan:${planId}`];
  const office = users.withRole('office', ['*', `plan:${planId}`]).sort();
  const leadsOf = (projectId: string) => users.withRole('project-lead', [`project:${projectId}`]).sort();
  const projects = view.levels.flatMap((level) =>
    level.projects.map((p) => ({ ...p, levelId: level.levelId, levelName: level.name })),
  );
  const roster: Assignment[] = [];
  const id = (layer: CampaignLayer, scope: string) => reportIdOf(campaignId, layer, scope);

  // Unassigned tasks (未分配) have nobody to write about them yet.
  const owners = [...new Set(tasks.flatMap((t) => (t.ownerId ? [t.ownerId] : [])))].sort();
  for (const owner of owners) {
    const owned = [...new Set(tasks.filter((t) => t.ownerId === owner).map((t) => t.projectId))];
    const signers = [...new Set(owned.flatMap(leadsOf))].sort();
    roster.push({
      reportId: id('individual', `person:${owner}`),
      layer: 'individual',
      scope: `person:${owner}`,
      title: `${names.get(owner) ?? owner} 个人自评`,
      authors: [owner],
      authorGrants: [],
      signers: signers.length > 0 ? signers : office,
      signerGrants: signers.length > 0 ? owned.map((p) => `project-lead@project:${p}`) : officeGrants,
      below: [],
    });
  }
  for (const project of projects) {
    const leads = leadsOf(project.projectId);
    const grants = leads.length > 0 ? [`project-lead@project:${project.projectId}`] : officeGrants;
    roster.push({
      reportId: id('unit', `project:${project.projectId}`),
      layer: 'unit',
      scope: `project:${project.projectId}`,
      title: `${project.code} ${project.name} 建设单位自评`,
      authors: leads.length > 0 ? leads : office,
      authorGrants: grants,
      signers: leads.length > 0 ? leads : office,
      signerGrants: grants,
      below: owners
        .filter((o) => tasks.some((t) => t.ownerId === o && t.projectId === project.projectId))
        .map((o) => id('individual', `person:${o}`)),
    });
  }
  for (const level of view.levels) {
    const ids = level.projects.map((p) => p.projectId);
    const leads = [...new Set(ids.flatMap(leadsOf))].sort();
    roster.push({
      reportId: id('group', `level:${level.levelId}`),
      layer: 'group',
      scope: `level:${level.levelId}`,
      title: `${level.name} 建设组自评`,
      authors: leads.length > 0 ? leads : office,
      authorGrants: leads.length > 0 ? ids.map((p) => `project-lead@project:${p}`) : officeGrants,
      signers: office,
      signerGrants: officeGrants,
      below: ids.map((p) => id('unit', `project:${p}`)),
    });
  }
  roster.push({
    reportId: id('school', `plan:${planId}`),
    layer: 'school',
    scope: `plan:${planId}`,
    title: LAYER_NAMES.school,
    authors: office,
    authorGrants: officeGrants,
    signers: office,
    signerGrants: officeGrants,
    below: view.levels.map((l) => id('group', `level:${l.levelId}`)),
  });
  return roster;
}

@CommandHandler(OpenCampaign)
export class OpenCampaignHandler extends OnEventStoreWith({
  completion: CompletionQueries,
  users: UserQueries,
  notifications: NotificationQueries,
})<OpenCampaign> {
  async execute({ planId, input, context }: OpenCampaign): Promise<CommandResult> {
    const plan = await loadPlan(this.store, planId);
    if (!plan.exists) throw planNotFound(planId);
    const campaignId = campaignIdOf(planId, input.kind, input.periodStart, input.periodEnd);
    const timeZone = this.notifications.settings(planId).settings.timezone;
    const kindName = CAMPAIGN_KINDS[input.kind] ?? '';
    return commandOn(
      this.store,
      campaign(campaignId),
      {
        type: 'OpenCampaign',
        data: {
          campaignId,
          planId,
          kind: input.kind,
          title: input.title?.trim() || `${String(input.periodEnd).slice(0, 4)} 年${kindName}绩效自评`,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          cutoff: input.cutoff,
          windows: input.windows,
          roster: rosterOf(planId, campaignId, this.completion, this.users),
          plan: { startYear: plan.startYear, endYear: plan.endYear },
          today: dateIn(context.now, timeZone),
          actor: await loadStanding(this.store, context.actor),
        },
      },
      context,
    );
  }
}

/** What an author, signer or the office does to one report, or a 典型案例 or a publication. */
export type CampaignAction =
  | { kind: 'save'; reportId: string; sections: Sections; expectedVersion?: number }
  | { kind: 'submit'; reportId: string }
  | { kind: 'sign-off'; reportId: string; opinion: string }
  | { kind: 'return'; reportId: string; reason: string }
  | { kind: 'typical-case'; achievementId: string; title: string; html: string }
  | { kind: 'publish'; sha256: string; bytes: number; fileName: string };

export class ActOnCampaign extends Command<CommandResult> {
  constructor(
    readonly campaignId: string,
    readonly action: CampaignAction,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ActOnCampaign)
export class ActOnCampaignHandler extends OnNotifications<ActOnCampaign> {
  async execute({ campaignId, action, context }: ActOnCampaign): Promise<CommandResult> {
    const [opened] = await this.store.readStream(campaignStream(campaignId), { maxCount: 1 });
    const planId = (opened?.data as { planId?: string } | undefined)?.planId;
    if (!planId) throw campaignNotFound(campaignId);
    // The actor's grants as their own stream says now, never a view that may lag a revocation.
    const actor = await loadStanding(this.store, context.actor);
    const today = dateIn(context.now, this.notifications.settings(planId).settings.timezone);
    const command = await this.commandFor(planId, action, actor, today);
    return commandOn(this.store, campaign(campaignId), command, context);
  }

  private async commandFor(
    planId: string,
    action: CampaignAction,
    actor: Awaited<ReturnType<typeof loadStanding>>,
    today: string,
  ): Promise<CampaignCommand> {
    switch (action.kind) {
      case 'save':
        return {
          type: 'SaveLayerReport',
          data: {
            reportId: action.reportId,
            sections: Object.fromEntries(
              REPORT_SECTIONS.map((s) => [s, sanitizeReportHtml(String(action.sections?.[s] ?? ''))]),
            ) as Sections,
            actor,
            ...(action.expectedVersion !== undefined ? { expectedVersion: action.expectedVersion } : {}),
          },
        };
      case 'submit':
        return { type: 'SubmitLayerReport', data: { reportId: action.reportId, actor, today } };
      case 'sign-off':
        return {
          type: 'SignOffLayerReport',
          data: { reportId: action.reportId, opinion: action.opinion, actor },
        };
      case 'return':
        return {
          type: 'ReturnLayerReport',
          data: { reportId: action.reportId, reason: action.reason, actor },
        };
      case 'typical-case':
        return {
          type: 'SaveTypicalCase',
          data: {
            achievement: await this.achievementFacts(planId, action.achievementId),
            title: action.title,
            html: sanitizeReportHtml(action.html),
            actor,
          },
        };
      case 'publish':
        return {
          type: 'PublishCampaignReport',
          data: { sha256: action.sha256, bytes: action.bytes, fileName: action.fileName, actor, today },
        };
      default: {
        const never: never = action;
        throw new Error(`Unhandled campaign action: ${JSON.stringify(never)}`);
      }
    }
  }

  /** An achievement and the owners of the tasks it is linked to, from their streams. */
  private async achievementFacts(planId: string, achievementId: string): Promise<AchievementFacts> {
    const [recorded] = await this.store.readStream(achievementStream(achievementId), { maxCount: 1 });
    const achievement = recorded?.data as Achievement | undefined;
    if (!achievement || achievement.planId !== planId)
      throw new DomainError('not-found', 'achievement-not-found', '标志性成果不存在。', { achievementId });
    const achievers = new Set<string>();
    for (const taskId of achievement.taskIds) {
      // The task's owner as its stream says now: the last event naming one.
      let owner: string | undefined;
      for (const e of await this.store.readStream(taskStream(taskId)))
        owner = (e.data as { ownerId?: string }).ownerId ?? owner;
      if (owner) achievers.add(owner);
    }
    return { achievementId, planId, tier: achievement.tier, achievers: [...achievers] };
  }
}

export const CAMPAIGN_HANDLERS = [OpenCampaignHandler, ActOnCampaignHandler];
