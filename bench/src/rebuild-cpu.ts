import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '@sg/event-store';
import { SqliteEventStore } from '@sg/event-store';
import { ALL_PROJECTIONS, rebuildIntoNewFile, type Projection } from '@sg/read-models';

/**
 * Where a rebuild's CPU goes, round after round in one process (the first round pays the
 * process's one-time costs): `node dist-bench/bench/src/rebuild-cpu.js <events.sqlite> [rounds]`.
 * Each round is the bench's `rebuild()` (`rebuildIntoNewFile`, as the rebuild command: a new
 * file loaded, swapped in and closed) on one thread, without ADR 0050's second one, so that every
 * projection's share is this process's CPU; the CPU of each projection's `apply`/`applyBatch` and of the `migrate` that ends the
 * load (secondary indexes, staging copies) is taken apart from the rest (reading and parsing the
 * log, commits, the runner, the switch to WAL, the close and the swap). Compare builds by running them alternately: the machine is shared.
 */
const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

type Spent = Map<string, number>;

function timed(projection: Projection, spent: Spent, counting: () => boolean): Projection {
  const add = (key: string, since: number) => spent.set(key, (spent.get(key) ?? 0) + cpu() - since);
  const batch = projection.applyBatch;
  const wrapped: Projection = {
    ...projection,
    migrate(db: Database.Database) {
      const since = cpu();
      projection.migrate.call(wrapped, db);
      if (counting()) add(`${projection.name} end of load`, since);
    },
    ...(batch && {
      applyBatch: (db: Database.Database, events: readonly ProjectedEvent[]) => {
        const since = cpu();
        batch.call(wrapped, db, events);
        add(`${projection.name} batches`, since);
      },
    }),
  };
  return wrapped;
}

async function round(
  eventsFile: string,
  spent: Spent,
): Promise<{ events: number; cpu: number; wall: number }> {
  const store = new SqliteEventStore({ file: eventsFile });
  const file = join(tmpdir(), `rebuild-cpu-${process.pid}-${process.hrtime.bigint()}.sqlite`);
  // The `migrate` of the start (the empty tables) is not the end of the load: count from the first batch.
  let loading = false;
  const projections = ALL_PROJECTIONS.map((p) => timed(p, spent, () => loading)).map((p) =>
    p.applyBatch
      ? {
          ...p,
          applyBatch: (db: Database.Database, events: readonly ProjectedEvent[]) => {
            loading = true;
            p.applyBatch!(db, events);
          },
        }
      : p,
  );
  await store.headPosition();
  const cpu0 = cpu();
  const wall0 = process.hrtime.bigint();
  const head = await rebuildIntoNewFile(store, file, projections);
  const result = { events: head, cpu: cpu() - cpu0, wall: Number(process.hrtime.bigint() - wall0) / 1e9 };
  await store.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  return result;
}

async function main(): Promise<void> {
  const [eventsFile, roundsText = '3'] = process.argv.slice(2);
  if (!eventsFile) throw new Error('usage: rebuild-cpu.js <events.sqlite> [rounds]');
  for (let i = 1; i <= Number(roundsText); i++) {
    const spent: Spent = new Map();
    const r = await round(eventsFile, spent);
    const parts = [...spent.entries()].sort((a, b) => b[1] - a[1]);
    const inParts = parts.reduce((sum, [, s]) => sum + s, 0);
    const shown = parts
      .filter(([, s]) => s >= 0.01)
      .map(([key, s]) => `${key} ${s.toFixed(2)}`)
      .join(', ');
    process.stdout.write(
      `round ${i}: ${r.cpu.toFixed(2)} s CPU, ${r.wall.toFixed(2)} s, ${Math.round(r.events / r.wall)} events/s; ` +
        `${shown}; reading, commits and the rest ${(r.cpu - inParts).toFixed(2)}\n`,
    );
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
