import { ConfigError, loadConfig } from '@sg/config';
import { ALL_PROJECTIONS, openReadModelDatabase, ProjectionRunner } from '@sg/read-models';
import { runningApiPid } from './infrastructure/pid-file';
import { createEventStore } from './infrastructure/persistence.module';

const USAGE = `用法：npm run projections:rebuild [-- 投影名 ...]
  不带投影名时重建全部投影。可用的投影：${ALL_PROJECTIONS.map((p) => p.name).join('、')}`;

/** Offline maintenance: `rebuild-projections [name ...]` replays the whole log into read models. */
async function main(argv: string[]): Promise<number> {
  const [command, ...names] = argv;
  if (command !== 'rebuild-projections') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const known = new Set(ALL_PROJECTIONS.map((p) => p.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    process.stderr.write(`没有名为 ${unknown.join('、')} 的投影。\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const pid = runningApiPid(config.dataDir);
  if (pid !== undefined) {
    process.stderr.write(`API 正在使用该数据目录（进程 ${pid}）：请先停止它再重建投影。\n`);
    return 1;
  }
  const store = createEventStore(config);
  const db = openReadModelDatabase(config.readModelFile);
  const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
  try {
    runner.start();
    const head = await store.headPosition();
    const started = Date.now();
    for (const name of names.length > 0 ? names : [...known]) await runner.rebuild(name);
    while (!(await runner.waitFor(head, 60_000))) {
      process.stdout.write(`重建中：已到位置 ${runner.lowestPosition()} / ${head}\n`);
    }
    const failed = runner.status().filter((s) => s.error);
    if (failed.length > 0) {
      process.stderr.write(`重建失败：${failed.map((s) => `${s.name}：${s.error}`).join('；')}\n`);
      return 1;
    }
    process.stdout.write(
      `已重建 ${names.length > 0 ? names.join('、') : '全部投影'}：${head} 个事件位置，用时 ${Date.now() - started} ms。\n`,
    );
    return 0;
  } finally {
    await runner.stop();
    await store.close();
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
    );
    process.exit(1);
  },
);
