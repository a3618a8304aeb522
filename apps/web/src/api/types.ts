/** The API's answers, as far as the pages read them. Figures are exact decimals sent as text. */

export interface RoleGrant {
  role: string;
  scope: string;
}

export interface Me {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  /** Signed in with a password someone else chose: the API allows nothing but changing it. */
  mustChangePassword?: boolean;
}

export interface PlanSummary {
  planId: string;
  name: string;
  school: string;
  startYear: number;
  endYear: number;
}

export interface CompletionDisplay {
  total: string;
  completed: string;
  rate: string;
  remark: string;
}

export interface CompletionSummary {
  total: number;
  completed: string;
  rate: string;
  overCompleted: number;
  display: CompletionDisplay;
}

export interface PlanCompletion extends CompletionSummary {
  planId: string;
  levels: (CompletionSummary & {
    levelId: string;
    name: string;
    kind: string;
    projects: (CompletionSummary & { projectId: string; code: string; name: string })[];
  })[];
}

export interface TaskView {
  taskId: string;
  planId: string;
  projectId: string;
  title: string;
  ownerId: string;
  dueDate: string;
  completion: string;
  completionPercent: string;
  progressDate: string | null;
  revision: number;
  projectCode?: string;
  projectName?: string;
  /** On `GET /api/me/tasks`: where the task's latest submission stands. */
  latestSubmission?: {
    submissionId: string;
    status: string;
    stageName: string;
    lastReason: string | null;
  } | null;
}

export interface UserView {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  disabled?: boolean;
}

export interface CommandResult {
  id: string;
  [key: string]: unknown;
}

export interface EvidenceView {
  evidenceId?: string;
  id?: string;
  fileName?: string;
  name?: string;
  mediaType?: string;
  size?: number;
  sha256?: string;
  [key: string]: unknown;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPreferences {
  email: boolean;
  emailAddress: string | null;
  /** For @mentions in WeCom / DingTalk group messages. */
  mobile: string | null;
  wecom: boolean;
  dingtalk: boolean;
  /** 每日汇总: emails come as one message a day. */
  digest: boolean;
}

export interface BriefingSummary {
  id: string;
  planId: string;
  periodStart: string;
  periodEnd: string;
  title: string;
  status: 'draft' | 'approved' | 'published';
  contentHash: string;
  generatedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
}

export interface Briefing extends BriefingSummary {
  html: string;
  markdown: string;
}

export interface FailedDelivery {
  id: string;
  channel: 'email' | 'wecom' | 'dingtalk';
  recipient: string;
  /** The person's name, or 群机器人 for a group message. */
  recipientName: string;
  title: string;
  attempts: number;
  lastError: string;
  failedAt: string;
}
