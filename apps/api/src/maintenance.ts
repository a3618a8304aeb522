import type { AppConfig } from '@sg/config';
import { isTamperEvident, type ChainHead } from '@sg/event-store';
import {
  ALL_PROJECTIONS,
  openReadModelDatabase,
  ProjectionRunner,
  RebuildFailed,
  rebuildIntoNewFile,
  secondThreadNames,
  type ProjectionStatus,
} from '@sg/read-models';
import { describeVerification } from './audit/audit.controller';
import { runningApiPid } from './infrastructure/pid-file';
import { createEventStore } from '@sg/application';

export interface Outcome {
  code: number;
  message: string;
}

/** Replays the whole log into the named read models (all when none is named). API must be stopped. */
export async function rebuildProjections(config: AppConfig, names: string[]): Promise<Outcome> {
  const known = new Set(ALL_PROJECTIONS.map((p) => p.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    return {
      code: 2,
      message: `没有名为 ${unknown.join('、')} 的投影。可用的投影：${[...known].join('、')}`,
    };
  }
  const pid = runningApiPid(config.dataDir);
  if (pid !== undefined)
    return { code: 1, message: `API 正在使用该数据目录（进程 ${pid}）：请先停止它再重建投影。` };
  const all = names.length === 0 || [...known].every((name) => names.includes(name));
  if (all) return rebuildAllIntoNewFile(config);
  const store = createEventStore(config);
  const db = openReadModelDatabase(config.readModelFile);
  const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
  try {
    runner.start();
    const head = await store.headPosition();
    const started = Date.now();
    await runner.rebuildAll(names.length > 0 ? names : [...known]);
    const failedNow = () => runner.status().filter((s) => s.error);
    // Wait in short steps: a projection that fails stops short of the head for good.
    while (failedNow().length === 0 && !(await runner.waitFor(head, 5_000))) {
      const reached = Math.min(...runner.status().map((s) => s.position));
      process.stdout.write(`重建中：已到位置 ${reached} / ${head}\n`);
    }
    const failed = failedNow();
    if (failed.length > 0) {
      return { code: 1, message: `重建失败：${describeFailed(failed)}` };
    }
    return {
      code: 0,
      message: `已重建 ${names.join('、')}：${head} 个事件位置，用时 ${Date.now() - started} ms。`,
    };
  } finally {
    await runner.stop();
    await store.close();
    db.close();
  }
}

function describeFailed(failed: ProjectionStatus[]): string {
  return failed.map((s) => `${s.name}：${s.error}`).join('；');
}

/**
 * Every projection into a new file that then takes the live file's place (ADR 0048): a failure
 * or a crash leaves the live file as it was.
 */
async function rebuildAllIntoNewFile(config: AppConfig): Promise<Outcome> {
  const store = createEventStore(config);
  const started = Date.now();
  try {
    const head = await rebuildIntoNewFile(store, config.readModelFile, ALL_PROJECTIONS, {
      onProgress: (reached, to) => process.stdout.write(`重建中：已到位置 ${reached} / ${to}\n`),
      // A second thread opens its own connection to the log: run here against SQLite only, so a
      // KurrentDB log keeps the one-thread load until the contract suite runs against a server.
      ...(config.eventStore.kind === 'sqlite'
        ? { secondThread: { names: secondThreadNames(ALL_PROJECTIONS), log: config.eventStore } }
        : {}),
      // An API started during the load would keep the old file open: the swap waits for none.
      beforeSwap: () => {
        const pid = runningApiPid(config.dataDir);
        if (pid !== undefined) throw new Error(`重建期间 API 已启动（进程 ${pid}），新文件未替换原文件`);
      },
    });
    return { code: 0, message: `已重建 全部投影：${head} 个事件位置，用时 ${Date.now() - started} ms。` };
  } catch (error) {
    const reason =
      error instanceof RebuildFailed
        ? describeFailed(error.failed)
        : error instanceof Error
          ? error.message
          : String(error);
    return { code: 1, message: `重建失败：${reason}。读模型文件保持原样，未作任何改动。` };
  } finally {
    await store.close();
  }
}

/** Recomputes the hash chain; exit code 1 names the first bad position. */
export async function verifyChain(config: AppConfig, expected?: ChainHead): Promise<Outcome> {
  const store = createEventStore(config);
  try {
    if (!isTamperEvident(store)) return { code: 2, message: '当前事件存储（KurrentDB）尚不支持哈希链校验。' };
    const result = await store.verifyChain(expected);
    const head = result.head ? `\n链尾：位置 ${result.head.position}，哈希 ${result.head.hash}` : '';
    return { code: result.ok ? 0 : 1, message: `${describeVerification(result)}${head}` };
  } finally {
    await store.close();
  }
}
