import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cachedProvince } from '../generate/province';
import {
  ADMIN_PASSWORD,
  must,
  OWNER_PASSWORD,
  signIn,
  startApiProcess,
  type ServerProcess,
} from './processes';

export interface ApiWorkload {
  api: ServerProcess;
  planIds: string[];
  adminToken: string;
  ownerToken: string;
  /** The owner's user id ('' without owner tasks). */
  ownerId: string;
  /** Tasks owned by the signed-in owner, under an approval chain: targets for submissions. */
  ownerTasks: string[];
}

/**
 * The API as a process on a copy of a generated province, with what the write benchmarks need
 * made through the API itself: an owner with a password, tasks assigned to them in the first
 * school's plan, and an approval chain (项目办审核) so that reports go through submissions.
 * `dist` starts another build of the API (see `startApiProcess`).
 */
export async function startApiWorkload(
  scratch: string,
  cache: string,
  schools: number,
  log: (line: string) => void,
  ownerTaskCount = 0,
  dist?: string,
): Promise<ApiWorkload> {
  const { file, summary } = await cachedProvince(cache, { schools }, log);
  const dataDir = join(scratch, `api-${process.hrtime.bigint()}`);
  mkdirSync(dataDir, { recursive: true });
  cpSync(file, join(dataDir, 'events.sqlite'));
  const api = await startApiProcess(dataDir, {}, dist);
  const adminToken = await signIn(api.url, 'admin', ADMIN_PASSWORD);
  const owned =
    ownerTaskCount > 0
      ? await ownerWithTasks(api.url, adminToken, summary.planIds[0], ownerTaskCount)
      : { ownerToken: '', ownerId: '', ownerTasks: [] };
  return { api, planIds: summary.planIds, adminToken, ...owned };
}

/**
 * Made through the API as the administrator: the owner `bench-owner` with `count` tasks in the
 * plan's first project, under an approval chain (项目办审核); answers the owner's token, id and tasks.
 */
export async function ownerWithTasks(
  url: string,
  adminToken: string,
  planId: string,
  count: number,
): Promise<{ ownerToken: string; ownerId: string; ownerTasks: string[] }> {
  const owner = await must(url, 'POST', '/api/users', adminToken, {
    username: 'bench-owner',
    displayName: '压测任务负责人',
    password: OWNER_PASSWORD,
    roles: [],
  });
  const completion = await must(url, 'GET', `/api/plans/${planId}/completion`, adminToken);
  const projectId = (completion.levels as { projects: { projectId: string }[] }[])[0].projects[0].projectId;
  const ownerTasks: string[] = [];
  for (let i = 0; i < count; i++) {
    const task = await must(url, 'POST', `/api/plans/${planId}/tasks`, adminToken, {
      projectId,
      title: `压测任务 ${i + 1}`,
      ownerId: owner.id,
      dueDate: '2023-12-31',
    });
    ownerTasks.push(task.id as string);
  }
  await must(url, 'POST', `/api/plans/${planId}/approval-chains`, adminToken, {
    scope: 'plan',
    stages: [{ name: '项目办审核', rule: { kind: 'any' }, reviewers: { roles: ['office'], users: [] } }],
  });
  return {
    ownerToken: await signIn(url, 'bench-owner', OWNER_PASSWORD),
    ownerId: owner.id as string,
    ownerTasks,
  };
}

/** What a task owner sends with a progress report. */
export function submissionBody(i: number): Record<string, unknown> {
  return {
    completion: ((i % 100) / 100).toFixed(2),
    effectiveDate: '2023-06-30',
    narrative: '完成实训基地建设方案论证，签订校企合作协议 2 份。',
    evidenceIds: [],
  };
}
