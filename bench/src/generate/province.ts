import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@sg/event-store';
import { planStream, taskStream, indicatorStream, userStream, usernameStream } from '@sg/domain';
import { DEMO_LEVELS } from '../../../apps/api/src/demo/seed-plan';

/**
 * A generated province: `schools` colleges, each with the demo college's plan structure (a school
 * level of 10 projects and 303 tasks, a group level of 9 projects and 90 tasks, the indicator
 * rows of its tables — about 400 tasks and 250 indicators), owners, and four years (2020–2023)
 * of monthly progress reports and indicator values. Every event is the one the command would
 * have appended (same type, data and metadata shape, same stream and revision order), written
 * through the store's own append, so positions, revisions and the hash chain are the store's.
 */
export interface ProvinceOptions {
  schools: number;
  /** Progress reports per task per year, spread over the months. */
  reportsPerTaskYear?: number;
  /** Values per indicator per year. */
  valuesPerIndicatorYear?: number;
  ownersPerSchool?: number;
  seed?: number;
}

export interface ProvinceSummary {
  schools: number;
  events: number;
  planIds: string[];
  /** One task per school and its owner, for write benchmarks. */
  sampleTasks: { taskId: string; ownerId: string }[];
  seconds: number;
}

const YEARS = [2020, 2021, 2022, 2023];

/** Deterministic PRNG (mulberry32): the same options generate the same province. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface School {
  planId: string;
  officeId: string;
  owners: string[];
  tasks: { taskId: string; ownerId: string; done: number }[];
  indicators: { indicatorId: string; target: number; actual: number }[];
}

/** An append the generator has decided, with the revision it expects (as the pipeline would). */
interface Pending {
  stream: string;
  events: NewEvent[];
}

export async function generateProvince(file: string, options: ProvinceOptions): Promise<ProvinceSummary> {
  const started = Date.now();
  const random = prng(options.seed ?? 2019);
  const reports = options.reportsPerTaskYear ?? 8;
  const values = options.valuesPerIndicatorYear ?? 6;
  const ownersPerSchool = options.ownersPerSchool ?? 20;
  mkdirSync(dirname(file), { recursive: true });
  const building = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  // A generated fixture needs no fsync per commit; the file is renamed into place when complete.
  const store = new SqliteEventStore({ file: building, synchronous: 'OFF' });
  const revisions = new Map<string, number>();
  let events = 0;
  let pending: Pending[] = [];

  const flush = async () => {
    const batch = pending;
    pending = [];
    await Promise.all(
      batch.map(({ stream, events: list }) => {
        const before = revisions.get(stream);
        revisions.set(stream, (before ?? -1) + list.length);
        return store.append(stream, list, before === undefined ? 'no-stream' : before);
      }),
    );
  };
  const emit = async (
    stream: string,
    time: string,
    actor: string,
    list: { type: string; data: unknown }[],
  ) => {
    const metadata = { actor, time, correlationId: uuidFrom(random), causationId: null };
    pending.push({ stream, events: list.map((e) => ({ ...e, metadata })) });
    events += list.length;
    // A stream appears at most once per flush, so its expected revision is always the one read.
    if (pending.length >= 2000) await flush();
  };
  const at = (date: string, hour = 9) =>
    `${date}T${String(hour).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00.000Z`;

  const schools: School[] = [];
  for (let s = 0; s < options.schools; s++) {
    const planId = uuidFrom(random);
    const officeId = uuidFrom(random);
    const school: School = { planId, officeId, owners: [], tasks: [], indicators: [] };
    const time = at('2019-09-01');
    for (let o = 0; o < ownersPerSchool; o++) {
      const userId = uuidFrom(random);
      const username = `s${s}-owner-${o}`;
      await emit(usernameStream(username), time, 'system', [
        { type: 'UsernameReserved', data: { username, userId } },
      ]);
      await emit(userStream(userId), time, 'system', [
        { type: 'UserRegistered', data: { userId, username, displayName: `学校${s + 1}任务负责人${o + 1}` } },
      ]);
      school.owners.push(userId);
    }
    await flush();
    const plan: { type: string; data: unknown }[] = [
      {
        type: 'PlanCreated',
        data: {
          planId,
          name: '中国特色高水平高职学校和专业建设计划建设方案',
          school: `第${s + 1}职业技术学院`,
          startYear: 2019,
          endYear: 2023,
        },
      },
    ];
    const projectsByLevel: { projectId: string; tasks: number }[] = [];
    for (const level of DEMO_LEVELS) {
      const levelId = uuidFrom(random);
      plan.push({
        type: 'LevelAdded',
        data: { planId, levelId, name: level.name, kind: level.kind, weight: level.weight },
      });
      for (const project of level.projects) {
        const projectId = uuidFrom(random);
        plan.push({
          type: 'ProjectAdded',
          data: { planId, projectId, levelId, code: project.code, name: project.name },
        });
        projectsByLevel.push({ projectId, tasks: project.tasks });
      }
      for (const [subcategory, rows] of [
        ['quantity', level.quantity.rows],
        ['quality', level.quality.rows],
      ] as const) {
        const rule = level.quantity.rule === 'threshold' ? { kind: 'threshold' } : { kind: 'proportional' };
        for (const row of rows) {
          for (let i = 0; i < row.count; i++) {
            const indicatorId = uuidFrom(random);
            const target = 1 + Math.floor(random() * 10);
            plan.push({
              type: 'IndicatorDefined',
              data: {
                planId,
                indicatorId,
                levelId,
                subcategory,
                group: { code: row.code, name: row.name },
                code: `${row.code}.${i + 1}`,
                name: `${row.name}指标${i + 1}`,
                points: (Number(row.points) / row.count).toFixed(4),
                target: { kind: 'numeric', comparator: '>=', value: String(target), unit: '项' },
                rule,
                kind: 'indicator',
              },
            });
            school.indicators.push({ indicatorId, target, actual: 0 });
          }
        }
      }
    }
    await emit(planStream(planId), at('2019-10-08'), officeId, plan);
    await flush();
    for (const project of projectsByLevel) {
      for (let t = 0; t < project.tasks; t++) {
        const taskId = uuidFrom(random);
        const ownerId = school.owners[Math.floor(random() * school.owners.length)];
        await emit(taskStream(taskId), at('2019-10-15'), officeId, [
          {
            type: 'TaskDefined',
            data: {
              taskId,
              planId,
              projectId: project.projectId,
              title: `建设任务 ${t + 1}`,
              ownerId,
              dueDate: '2023-12-31',
              milestones: YEARS.map((year, i) => ({ year, completion: ((i + 1) / YEARS.length).toFixed(2) })),
            },
          },
        ]);
        school.tasks.push({ taskId, ownerId, done: 0 });
      }
    }
    await flush();
    schools.push(school);
  }

  // Four years of activity, month by month, every school interleaved as in a real province.
  for (const year of YEARS) {
    for (let month = 1; month <= 12; month++) {
      const day = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 27)).padStart(2, '0')}`;
      for (const school of schools) {
        for (const task of school.tasks) {
          if (random() >= reports / 12) continue;
          task.done = Math.min(1.2, task.done + random() * 0.06);
          await emit(taskStream(task.taskId), at(day, 2 + Math.floor(random() * 7)), task.ownerId, [
            {
              type: 'TaskProgressRecorded',
              data: { taskId: task.taskId, completion: task.done.toFixed(2), effectiveDate: day },
            },
          ]);
        }
        for (const indicator of school.indicators) {
          if (random() >= values / 12) continue;
          indicator.actual += random() < 0.3 ? 1 : 0;
          await emit(indicatorStream(indicator.indicatorId), at(day, 3), school.officeId, [
            {
              type: 'IndicatorValueRecorded',
              data: {
                indicatorId: indicator.indicatorId,
                planId: school.planId,
                actual: { kind: 'numeric', value: String(indicator.actual) },
                effectiveDate: day,
              },
            },
          ]);
        }
      }
      await flush();
    }
  }
  await flush();
  await store.close();
  rmSync(file, { force: true });
  renameSync(building, file);
  for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
  return {
    schools: options.schools,
    events,
    planIds: schools.map((s) => s.planId),
    sampleTasks: schools.map((s) => ({ taskId: s.tasks[0].taskId, ownerId: s.tasks[0].ownerId })),
    seconds: (Date.now() - started) / 1000,
  };
}

/** The province for these options, generated once and kept under the bench data directory. */
export async function cachedProvince(
  dir: string,
  options: ProvinceOptions,
  log: (line: string) => void,
): Promise<{ file: string; summary: ProvinceSummary }> {
  const key = `province-${options.schools}-${options.reportsPerTaskYear ?? 8}-${options.valuesPerIndicatorYear ?? 6}-${options.seed ?? 2019}-v1`;
  const file = `${dir}/${key}/events.sqlite`;
  const summaryFile = `${dir}/${key}/summary.json`;
  if (existsSync(file) && existsSync(summaryFile)) {
    return { file, summary: JSON.parse(readFileSync(summaryFile, 'utf8')) as ProvinceSummary };
  }
  log(`  generating ${options.schools} schools into ${file} …`);
  const summary = await generateProvince(file, options);
  writeFileSync(summaryFile, JSON.stringify(summary));
  log(`  generated ${summary.events} events in ${summary.seconds.toFixed(0)} s`);
  return { file, summary };
}
