import { planStream, taskStream, type PlanEvent, type TaskEvent } from '@sg/domain';
import { SqliteEventStore, type NewEvent } from '@sg/event-store';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectionRunner } from '../framework/projection-runner';
import { openReadModelDatabase } from '../framework/read-model-database';
import { usersProjection } from '../users/users.projection';
import { auditProjection } from './audit.projection';
import { largePlanEvents } from '@sg/testing';
import { AuditQueries } from './audit.queries';

const meta = (actor: string) => ({ actor, time: '2024-03-01T00:00:00.000Z', correlationId: 'c' });
const event = (e: PlanEvent | TaskEvent, actor = 'u-office'): NewEvent => ({
  type: e.type,
  data: e.data,
  metadata: meta(actor),
});

describe('audit trail index', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  let runner: ProjectionRunner;
  const PLAN_EVENTS = 5_000;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-audit-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const plan = largePlanEvents('big', PLAN_EVENTS);
    for (let i = 0; i < plan.length; i += 1000) {
      await store.append(
        planStream('big'),
        plan.slice(i, i + 1000).map((e) => event(e)),
        i === 0 ? 'no-stream' : i - 1,
      );
    }
    // A task of project pr3, defined once the plan is complete, then reported on by its owner.
    await store.append(
      taskStream('t1'),
      [
        event({
          type: 'TaskDefined',
          data: {
            taskId: 't1',
            planId: 'big',
            projectId: 'pr3',
            title: '思政课程建设',
            ownerId: 'u-zhang',
            dueDate: '2023-12-31',
          },
        }),
        event(
          {
            type: 'TaskProgressRecorded',
            data: { taskId: 't1', completion: '0.5', effectiveDate: '2021-06-30' },
          },
          'u-zhang',
        ),
        event(
          {
            type: 'TaskProgressRecorded',
            data: { taskId: 't1', completion: '0.8', effectiveDate: '2021-12-31' },
          },
          'u-zhang',
        ),
      ],
      'no-stream',
    );

    // A submission on the task, and evidence for it: streams of their own that name the task.
    await store.append(
      'submission-s1',
      [
        {
          type: 'Submitted',
          data: {
            submissionId: 's1',
            taskId: 't1',
            planId: 'big',
            projectId: 'pr3',
            version: 1,
            submitter: 'u-li',
            content: { completion: '0.9' },
            evidence: [],
            stages: [{ name: '部门审核' }],
          },
          metadata: meta('u-li'),
        },
        {
          type: 'StageApproved',
          data: { submissionId: 's1', version: 1, stage: 0 },
          metadata: meta('u-wang'),
        },
      ],
      'no-stream',
    );
    await store.append(
      'evidence-e1',
      [
        {
          type: 'EvidenceUploaded',
          data: {
            evidenceId: 'e1',
            planId: 'big',
            taskId: 't1',
            sha256: 'ab'.repeat(32),
            size: 2048,
            name: '佐证.pdf',
          },
          metadata: meta('u-li'),
        },
      ],
      'no-stream',
    );

    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    runner = new ProjectionRunner(store, db, [usersProjection, auditProjection]);
    const started = Date.now();
    runner.start();
    expect(await runner.waitFor(await store.headPosition(), 60_000)).toBe(true);
    process.stdout.write(`audit index of a ${PLAN_EVENTS}-event plan built in ${Date.now() - started} ms\n`);
  });
  afterAll(async () => {
    await runner.stop();
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('files a plan event under what it concerns, not under everything the plan defined before', () => {
    const rows = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM au_entities').get()!.n;
    // Each event: its stream's entity plus the one or two its data names (level, project, indicator).
    expect(rows).toBeLessThanOrEqual(4 * (PLAN_EVENTS + 3));
  });

  it('lists one indicator with its own events only, read back from the log', async () => {
    const audit = new AuditQueries(db, store);
    const { items } = await audit.list({ entity: 'indicator:i5', limit: 50 });
    expect(items.map((i) => i.type)).toEqual(['IndicatorDefined']);
    const [recorded] = await store.readAll({ fromPosition: items[0].position - 1, maxCount: 1 });
    expect(items[0].event).toEqual({
      id: recorded.id,
      stream: recorded.stream,
      revision: recorded.revision,
      type: recorded.type,
      data: recorded.data,
      metadata: recorded.metadata,
    });
    expect(items[0].summary).toContain('指标 5');
  });

  it("lists a project's trail: its own events, and those of the streams whose first event named it", async () => {
    const audit = new AuditQueries(db, store);
    const project = await audit.list({ entity: 'project:pr3', limit: 50 });
    // The evidence is not the project's: its stream's first event names the plan and the task only.
    expect(project.items.map((i) => i.type)).toEqual([
      'ProjectAdded',
      'TaskDefined',
      'TaskProgressRecorded',
      'TaskProgressRecorded',
      'Submitted',
      'StageApproved',
    ]);
    expect(project.items[3].event.data).toMatchObject({ completion: '0.8' });
    // Pages over positions with gaps between them come back whole and in order.
    const pages: number[] = [];
    let after: number | undefined;
    do {
      const page = await audit.list({ entity: 'project:pr3', limit: 1, ...(after ? { after } : {}) });
      pages.push(...page.items.map((i) => i.position));
      after = page.nextAfter;
    } while (after !== undefined);
    expect(pages).toEqual(project.items.map((i) => i.position));
    const byOwner = await audit.list({ actor: 'u-zhang', limit: 50 });
    expect(byOwner.items.map((i) => i.reason)).toEqual([null, null]);
  });

  it("files a stream's later events under its plan, and reads its other parents' trails through the links", async () => {
    const audit = new AuditQueries(db, store);
    // The task's trail: its own events, its submission's (a child's), and the evidence naming it.
    const task = await audit.list({ entity: 'task:t1', order: 'desc', limit: 4 });
    expect(task.items.map((i) => i.type)).toEqual([
      'EvidenceUploaded',
      'StageApproved',
      'Submitted',
      'TaskProgressRecorded',
    ]);
    const rest = await audit.list({ entity: 'task:t1', order: 'desc', limit: 4, before: task.nextBefore });
    expect(rest.items.map((i) => i.type)).toEqual(['TaskProgressRecorded', 'TaskDefined']);
    expect(rest.nextBefore).toBeUndefined();
    // Other conditions apply to the children's events as to the entity's own.
    expect(audit.count({ entity: 'project:pr3' }, 100)).toBe(6);
    expect(audit.count({ entity: 'project:pr3', actor: 'u-wang' }, 100)).toBe(1);
    expect(audit.count({ entity: 'task:t1', type: 'TaskProgressRecorded' }, 100)).toBe(2);
    expect(audit.count({ entity: 'task:t1' }, 3)).toBe(3);
    expect(audit.count({ entity: 'evidence:e1' }, 100)).toBe(1);
    const plan = await audit.list({ entity: 'plan:big', limit: 10_000 });
    expect(plan.items).toHaveLength(PLAN_EVENTS + 6);
    // A later event of a stream is one row under its own entity and one under its plan.
    const later = db
      .prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM au_entities x JOIN au_events e ON e.position = x.position
          WHERE e.position = (SELECT max(position) FROM au_events e JOIN au_keys k ON k.id = e.type
                               WHERE k.key = 'type:TaskProgressRecorded')`,
      )
      .get()!.n;
    expect(later).toBe(2);
  });
});
