import {
  INDICATOR_SUBCATEGORIES,
  pointsForDisplay,
  type ActualValue,
  type IndicatorValueEvent,
  type DeclarationEvent,
  type FundsEvent,
  type TaskFundsEvent,
  type AchievementEvent,
  type SurveyEvent,
  type EvidenceEvent,
  type EvidencePackageEvent,
  type SubmissionEvent,
  ACHIEVEMENT_TIERS,
  percentForDisplay,
  ROLE_NAMES,
  type PlanEvent,
  type TaskEvent,
  type UserEvent,
  type UsernameEvent,
  type AmendmentEvent,
  type CampaignEvent,
  CAMPAIGN_KINDS,
  LAYER_NAMES,
  type DepartmentEvent,
} from '@sg/domain';

import { scopeText, userText } from './changes';
import type { NameOf } from './names';
import type { NotificationEvent } from '../notifications/notifications.projection';

const CHANNEL_NAMES = { email: '邮件', wecom: '企业微信群', dingtalk: '钉钉群' } as const;

export type AuditedEvent =
  | PlanEvent
  | TaskEvent
  | UserEvent
  | UsernameEvent
  | IndicatorValueEvent
  | DeclarationEvent
  | FundsEvent
  | AchievementEvent
  | SurveyEvent
  | EvidenceEvent
  | EvidencePackageEvent
  | SubmissionEvent
  | NotificationEvent
  | AmendmentEvent
  | CampaignEvent
  | DepartmentEvent
  | TaskFundsEvent;
type Summaries = {
  [T in AuditedEvent['type']]: (data: Extract<AuditedEvent, { type: T }>['data'], nameOf: NameOf) => string;
};

const LEVEL_KINDS = { school: '学校层面', group: '专业群层面' } as const;

function describeActual(actual: ActualValue): string {
  switch (actual.kind) {
    case 'numeric':
      return `实际完成值 ${actual.value}`;
    case 'qualitative':
      return `评价「${actual.band}」，得分 ${pointsForDisplay(actual.score)}`;
    case 'manual':
      return actual.deductions.length === 0
        ? '不扣分'
        : `扣分：${actual.deductions.map((d) => `${d.reason} 扣 ${d.points} 分`).join('；')}`;
  }
}

/** A sentence a person can read for every event type; a new type without one does not compile. */
const SUMMARIES: Summaries = {
  PlanCreated: (d) => `新建建设方案「${d.name}」（${d.school}，${d.startYear}–${d.endYear} 年）`,
  LevelAdded: (d) => `添加${LEVEL_KINDS[d.kind]}「${d.name}」，权重 ${percentForDisplay(d.weight, 0)}%`,
  ProjectAdded: (d) => `添加项目 ${d.code}「${d.name}」`,
  IndicatorDefined: (d) =>
    `定义${INDICATOR_SUBCATEGORIES[d.subcategory].name} ${d.code}「${d.name}」，分值 ${pointsForDisplay(d.points)}`,
  IndicatorValueRecorded: (d) => `记录指标值：截至 ${d.effectiveDate} ${describeActual(d.actual)}`,
  ReportFiguresDeclared: (d) => `登记报告「${d.report}」所列数字 ${d.figures.length} 个（截至 ${d.cutoff}）`,
  FundsRecorded: (d) =>
    `记录 ${d.year} 年${d.source}资金：预算 ${d.budget} 万元，到位 ${d.arrived} 万元，支出 ${d.spent} 万元（截至 ${d.effectiveDate}）`,
  TaskFundsRecorded: (d) =>
    `记录建设任务（预算序号 ${d.lineKey}）${d.source}资金：到位 ${d.arrived} 万元，支出 ${d.spent} 万元（截至 ${d.effectiveDate}）`,
  AchievementRecorded: (d) =>
    `登记${ACHIEVEMENT_TIERS[d.tier]}标志性成果「${d.title}」（${d.awardedOn}，归属 ${d.attribution}）`,
  FundSourcesConfigured: (d) => `设置资金来源：${d.sources.join('、')}`,
  SurveyRecorded: (d) =>
    `记录满意度调查：${d.respondents}满意度 ${d.satisfaction}%（有效问卷 ${d.sampleSize} 份，${d.effectiveDate}）`,
  EvidenceUploaded: (d) =>
    `上传佐证材料「${d.name}」（${(d.size / 1024).toFixed(1)} KB，SHA-256 ${d.sha256.slice(0, 12)}…）`,
  EvidencePackageDownloaded: (d) =>
    `下载佐证材料包（${d.cutoff ? `截至 ${d.cutoff}` : '截至当前'}${d.knownAt ? `，知情时间 ${d.knownAt}` : ''}）：材料 ${d.files} 份，共 ${(d.bytes / 1024 / 1024).toFixed(1)} MB${d.resumedFrom ? `（从第 ${d.resumedFrom} 字节续传）` : ''}`,
  Submitted: (d) =>
    `提交进展（第 ${d.version} 版）：完成度 ${percentForDisplay(d.content.completion)}%，佐证材料 ${d.evidence.length} 份，审核流程 ${d.stages.map((s) => s.name).join(' → ')}`,
  StageApproved: (d) => `第 ${d.stage + 1} 级审核通过${d.comment ? `：${d.comment}` : ''}`,
  StageCompleted: (d) => `第 ${d.stage + 1} 级审核完成`,
  SubmissionApproved: (d) =>
    `提交（第 ${d.version} 版）审核通过，完成度 ${percentForDisplay(d.content.completion)}% 计入统计`,
  SubmissionRejected: (d) => `第 ${d.stage + 1} 级审核退回：${d.reason}`,
  ReviewTransferred: (d, n) => `转办审核：${userText(d.from, n)} → ${userText(d.to, n)}（${d.reason}）`,
  SubmissionWithdrawn: (d) => `撤回提交（第 ${d.version} 版）`,
  EvidenceChanged: (d) => `更换佐证材料（${d.evidence.length} 份）`,
  ApprovalsReset: () => '佐证材料已更换，已有的审核意见作废，重新从第 1 级审核',
  CommentAdded: (d) => `评论：${d.text}`,
  ApprovalRefused: () => '拒绝：不能审核自己提交或修改过的内容',
  ApprovalChainConfigured: (d, n) =>
    `设置审核流程（${d.scope === 'plan' ? '全方案' : scopeText(d.scope, n)}）：${d.stages.map((s) => s.name).join(' → ')}`,
  TaskDefined: (d) =>
    `新建建设任务「${d.title}」，完成期限 ${d.dueDate}${d.ownerId === undefined ? '，负责人未分配' : ''}`,
  TaskOwnerAssigned: (d, n) =>
    d.previousOwnerId === undefined
      ? `指定任务负责人：${userText(d.ownerId, n)}`
      : `更换任务负责人：${userText(d.previousOwnerId, n)} → ${userText(d.ownerId, n)}`,
  PointsSchemeApplied: (d) =>
    `设置${INDICATOR_SUBCATEGORIES[d.subcategory].name}分值 ${pointsForDisplay(d.points)}：${d.indicators.length} 个指标平均分配，按目标类型采用默认评分规则`,
  BudgetRecorded: (d) =>
    `记录${d.kind === 'total' ? '项目总预算' : `${d.year} 年度预算`}：${d.lines.length} 个建设任务`,
  TaskProgressRecorded: (d) =>
    `记录任务进展：截至 ${d.effectiveDate} 完成 ${percentForDisplay(d.completion)}%${d.note ? `（${d.note}）` : ''}`,
  TaskRevised: (d) =>
    `按任务调整修改任务为「${d.title}」${d.year ? `（${d.year} 年度）` : ''}，完成期限 ${d.dueDate}，自 ${d.amendment.effectiveDate} 起生效：${d.amendment.reason}`,
  TaskWithdrawn: (d) =>
    `按任务调整撤销任务，自 ${d.amendment.effectiveDate} 起不再计入：${d.amendment.reason}`,
  IndicatorRevised: (d) =>
    `按任务调整修改指标「${d.name}」的目标值，自 ${d.amendment.effectiveDate} 起生效：${d.amendment.reason}`,
  IndicatorWithdrawn: (d) =>
    `按任务调整撤销指标，自 ${d.amendment.effectiveDate} 起不再计入：${d.amendment.reason}`,
  AmendmentProposed: (d) =>
    `提出任务调整（${d.file.name}）：任务 ${d.changes.tasks.length} 处、指标 ${d.changes.indicators.length} 处变化，原因：${d.reason}`,
  AmendmentApproved: (d) => `审核通过任务调整，自 ${d.effectiveDate} 起生效`,
  AmendmentRejected: (d) => `退回任务调整：${d.reason}`,
  UserRegistered: (d) => `新建用户 ${d.username}（${d.displayName}）`,
  RoleGranted: (d, n) => `授予角色「${ROLE_NAMES[d.role]}」，范围 ${scopeText(d.scope, n)}`,
  RoleRevoked: (d, n) => `撤销角色「${ROLE_NAMES[d.role]}」，范围 ${scopeText(d.scope, n)}`,
  UserDisabled: () => '停用账号',
  UserEnabled: () => '启用账号',
  PasswordChanged: (d) => (d.by === 'self' ? '本人修改密码' : '管理员重置密码'),
  UserDepartmentAssigned: (d, n) =>
    d.departmentId === null ? '移出所属部门' : `所属部门设为「${departmentText(d.departmentId, n)}」`,
  TaskUnitsAssigned: (d, n) =>
    `指定牵头单位「${departmentText(d.leadDepartmentId, n)}」${
      d.participantDepartmentIds.length
        ? `，参与单位 ${d.participantDepartmentIds.map((id) => `「${departmentText(id, n)}」`).join('、')}`
        : ''
    }`,
  DepartmentDefined: (d) => `新建部门「${d.name}」`,
  DepartmentRenamed: (d) => `部门更名为「${d.name}」`,
  UsernameReserved: (d) => `占用用户名 ${d.username}`,
  ReminderSent: (d) => `发送提醒「${d.title}」给 ${d.recipients.length} 人`,
  WorkflowNoticeSent: (d) => `发送审核动态通知「${d.title}」给 ${d.recipients.length} 人`,
  DigestCompiled: (d) => `汇总 ${d.day} 的 ${d.notificationIds.length} 条通知，发送每日汇总邮件`,
  BriefingDrafted: (d) =>
    `生成简报草稿「${d.title}」（${d.periodStart} 至 ${d.periodEnd}，内容摘要 ${d.contentHash.slice(0, 12)}…）`,
  BriefingApproved: () => '审核通过简报',
  BriefingPhotoAdded: (d) => `为简报上传照片「${d.name}」`,
  BriefingSectionWritten: (d) =>
    `编写简报栏目「${d.kind === 'work-news' ? '工作动态' : '典型案例'}」（${[...d.text].length} 字，${d.photoIds.length} 张照片）`,
  BriefingPublished: (d) =>
    `发布简报「${d.title}」（内容摘要 ${d.contentHash.slice(0, 12)}…），通知 ${d.recipients.length} 人`,
  NotificationDelivered: (d) => `通知已通过${CHANNEL_NAMES[d.channel]}送达（第 ${d.attempts} 次尝试）`,
  NotificationDeliveryFailed: (d) =>
    `通知经${CHANNEL_NAMES[d.channel]}发送失败（已尝试 ${d.attempts} 次）：${d.error}`,
  DeliveryRetryRequested: (d) => `要求重新发送${CHANNEL_NAMES[d.channel]}通知（第 ${d.generation} 轮）`,
  NotificationsRead: (d) => `阅读通知 ${d.notificationIds.length} 条`,
  NotificationPreferencesSet: (d) =>
    `设置通知方式：邮件${d.preferences.email ? '开' : '关'}、企业微信${d.preferences.wecom ? '开' : '关'}、钉钉${d.preferences.dingtalk ? '开' : '关'}`,
  CampaignOpened: (d) =>
    `开展${CAMPAIGN_KINDS[d.kind]}绩效自评「${d.title}」（${d.periodStart} 至 ${d.periodEnd}，统计截至 ${d.cutoff}），` +
    `自评报告 ${d.roster.length} 份：${(['individual', 'unit', 'group', 'school'] as const)
      .map((l) => `${LAYER_NAMES[l]} ${d.windows[l].opens}–${d.windows[l].closes}`)
      .join('，')}`,
  LayerReportSaved: (d) => `保存自评报告（第 ${d.version} 版）`,
  LayerReportSubmitted: (d) =>
    `提交自评报告（第 ${d.version} 版，${d.submittedOn}${d.late ? '，逾期' : ''}）`,
  LayerReportSignedOff: (d) => `签署意见：${d.opinion}`,
  LayerReportReturned: (d) => `退回自评报告修改：${d.reason}`,
  TypicalCaseSaved: (d) => `保存典型案例「${d.title}」（第 ${d.version} 版，${d.characters} 字）`,
  CampaignReportPublished: (d) =>
    `发布绩效自评报告（第 ${d.version} 版，${d.fileName}，SHA-256 ${d.sha256}）`,
  NotificationsConfigured: (d) =>
    `设置提醒与简报：提醒 ${d.settings.reminderCron}，简报 ${d.settings.briefingCron}（${d.settings.timezone}）`,
};

const departmentText = (departmentId: string, nameOf: NameOf) =>
  nameOf(`department:${departmentId}`) ?? departmentId;

/** A sentence for an event; ids it names are given by name where `nameOf` knows them. */
export function summarise(type: string, data: unknown, nameOf: NameOf = () => undefined): string {
  const summary = (SUMMARIES as Record<string, ((data: unknown, nameOf: NameOf) => string) | undefined>)[
    type
  ];
  return summary ? summary(data, nameOf) : `事件 ${type}`;
}
