import type { TaskUnitsView } from './directory';
import type { SubmissionStatus, TaskState } from './enums';

/* Tasks as the read model holds them, as the API answers them, and as the search finds them. */

/** A task as the read model holds it (子项目 rolled up). */
export interface TaskFields {
  taskId: string;
  planId: string;
  projectId: string;
  title: string;
  /** null: 未分配 (imported from a 任务书, which names no owner). */
  ownerId: string | null;
  /** Where the task comes from in an imported 任务书 (ADR 0024); null otherwise. */
  sourceKey?: string | null;
  dueDate: string;
  /** The 任务书's year column, when the task was defined with one. */
  year: number | null;
  /** The 一级任务 and 二级任务 it belongs to, when given. */
  primaryTask: string | null;
  secondaryTask: string | null;
  completion: string;
  progressDate: string | null;
  /** Revision of the task's stream: the ETag a change must match. */
  revision: number;
}

/** A task as the API answers it. */
export interface TaskView extends TaskFields {
  completionPercent: string;
  /** The owner's name (ADR 0026: the web never shows an id). */
  ownerName?: string;
  /** 牵头单位 and 参与单位, by name. */
  units?: TaskUnitsView;
  projectCode?: string;
  projectName?: string;
  /** On `GET /api/me/tasks`: where the task's latest submission stands. */
  latestSubmission?: {
    submissionId: string;
    status: SubmissionStatus;
    stageName: string;
    lastReason: string | null;
  } | null;
}

/** A task as the search finds it. */
export interface TaskSearchHit {
  taskId: string;
  planId: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  /** `<project code>.<n>` in the order the project's tasks were defined; a 子项目 adds `.<m>`. */
  code: string;
  title: string;
  parentTaskId: string | null;
  ownerId: string;
  ownerName: string;
  dueDate: string;
  year: number | null;
  completion: string;
  completionPercent: string;
  state: TaskState;
  latestSubmission: { submissionId: string; status: SubmissionStatus; lastReason: string | null } | null;
}
