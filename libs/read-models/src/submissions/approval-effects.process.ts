import {
  approvalEffects,
  approvalKey,
  DomainError,
  factDateBounds,
  fold,
  planDecider,
  planStream,
  taskNotFound,
  type PlanEvent,
  type SubmissionApproved,
  type TaskEvent,
} from '@sg/domain';
import { deterministicEventId, type RecordedEvent } from '@sg/event-store';
import { effectIntent } from '../framework/effect-intent';
import type { Intent, ProcessManager } from '../framework/process-manager';
import { statement } from '../framework/statement-cache';

type TaskDefined = Extract<TaskEvent, { type: 'TaskDefined' }>['data'];

const PLAN_PREFIX = planStream('');

/**
 * Makes a final approval's facts count (ADR 0021): keeps the plan events and the tasks it needs,
 * and on `SubmissionApproved` asks for the indicator values, achievements and progress that
 * `approvalEffects` decides, with the ids the approval's commands derived before (so facts already
 * recorded are found, not recorded twice). A report the rules refuse at that point is kept in
 * `ae_refused`, causes nothing, and is counted in health.
 */
export function approvalEffectsManager(policy: { toleranceDays: number }): ProcessManager {
  return {
    name: 'approval-effects',
    version: 1,
    tablePrefix: 'ae_',
    eventTypes: new Set<string>([...planDecider.eventTypes, 'TaskDefined', 'SubmissionApproved']),
    migrate(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS ae_plan_events (
          plan_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
          PRIMARY KEY (plan_id, revision));
        CREATE TABLE IF NOT EXISTS ae_tasks (
          task_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, subprojects INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS ae_refused (
          submission_id TEXT NOT NULL, version INTEGER NOT NULL, position INTEGER NOT NULL,
          code TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (submission_id, version));
      `);
    },
    react(db, recorded): Intent[] {
      if (
        recorded.stream.startsWith(PLAN_PREFIX) &&
        planDecider.eventTypes.has(recorded.type as PlanEvent['type'])
      ) {
        statement(
          db,
          'INSERT OR IGNORE INTO ae_plan_events (plan_id, revision, type, data) VALUES (?, ?, ?, ?)',
        ).run(
          recorded.stream.slice(PLAN_PREFIX.length),
          recorded.revision,
          recorded.type,
          JSON.stringify(recorded.data),
        );
        return [];
      }
      if (recorded.type === 'TaskDefined') {
        const { taskId, planId, parentTaskId } = recorded.data as TaskDefined;
        statement(db, 'INSERT OR IGNORE INTO ae_tasks (task_id, plan_id) VALUES (?, ?)').run(taskId, planId);
        if (parentTaskId) {
          statement(db, 'UPDATE ae_tasks SET subprojects = 1 WHERE task_id = ?').run(parentTaskId);
        }
        return [];
      }
      if (recorded.type !== 'SubmissionApproved') return [];
      return effectsOf(db, recorded, recorded.data as SubmissionApproved, policy.toleranceDays);
    },
    refused: (db) => statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM ae_refused').get()?.n ?? 0,
  };
}

function effectsOf(
  db: Parameters<ProcessManager['react']>[0],
  recorded: RecordedEvent,
  approved: SubmissionApproved,
  toleranceDays: number,
): Intent[] {
  const key = approvalKey(approved);
  let decided: ReturnType<typeof approvalEffects>;
  try {
    const task = statement<[string], { plan_id: string; subprojects: number }>(
      db,
      'SELECT plan_id, subprojects FROM ae_tasks WHERE task_id = ?',
    ).get(approved.taskId);
    if (!task) throw taskNotFound(approved.taskId);
    const events = statement<[string], { type: string; data: string }>(
      db,
      'SELECT type, data FROM ae_plan_events WHERE plan_id = ? ORDER BY revision',
    )
      .all(task.plan_id)
      .map((row) => ({ type: row.type, data: JSON.parse(row.data) as unknown }) as PlanEvent);
    const plan = fold(planDecider, events);
    decided = approvalEffects(approved, {
      plan,
      dates: factDateBounds(plan, new Date(recorded.metadata.time), toleranceDays),
      // As `newEntityId` derived them under the approval's step key.
      achievementIds: (approved.content.achievements ?? []).map((_, i) =>
        deterministicEventId(`${key}#achievement:${i}`, 'new:achievement', 0),
      ),
      taskHasSubprojects: task.subprojects === 1,
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    statement(
      db,
      'INSERT OR REPLACE INTO ae_refused (submission_id, version, position, code, detail) VALUES (?, ?, ?, ?, ?)',
    ).run(approved.submissionId, approved.version, recorded.position, error.code, error.userMessage);
    return [];
  }
  // Ids as `handleCommand` derived them for each step's command.
  return decided.map((effect) => effectIntent(recorded, key, effect));
}
