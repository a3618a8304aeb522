/* The audit trail: who changed what, when and why. */

/** One thing an audit entry concerns, by name: `task:<id>` → the task's title. */
export interface AuditSubject {
  entity: string;
  /** plan, level, project, task, indicator, evidence, user … */
  kind: string;
  /** zh-CN label of the kind: 任务、项目 … */
  kindName: string;
  name: string;
}

/** One field an event changed, in words: 负责人 张三 → 李四; `null` is "none" (a role newly granted). */
export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** One change in the audit trail: who, when, what (a zh-CN summary), why, and the raw event. */
export interface AuditEntry {
  position: number;
  time: string;
  actor: { userId: string; name: string };
  type: string;
  entity: string;
  summary: string;
  reason: string | null;
  /** The plan, project, task, users … the event concerns, named from the read models. */
  subjects: AuditSubject[];
  /** What changed, before → after (empty for an event that changes no standing value). */
  changes: AuditChange[];
  /** System bookkeeping (username reservations, deliveries …): listed only when asked for. */
  internal: boolean;
  event: { id: string; stream: string; revision: number; type: string; data: unknown; metadata: unknown };
}

/** A page of the trail: `nextBefore` pages on newest first, `nextAfter` oldest first; absent on the last page. */
export interface AuditPage {
  items: AuditEntry[];
  nextBefore?: number;
  nextAfter?: number;
}

/** A plan, project, task or user the 对象 picker offers. */
export type AuditObject = AuditSubject & { detail?: string };
