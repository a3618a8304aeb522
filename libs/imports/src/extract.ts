import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerAnswer } from './extract-worker';
import { DEFAULT_IMPORT_LIMITS, ImportRefused, limitRefusal, type ImportLimits } from './limits';
import type { SourceDocument } from './tables';
import { UNREADABLE } from './zip';

/** Extractions that may run at once, and how many may wait; beyond that an import answers 503. */
export const IMPORT_CONCURRENCY = { running: 2, waiting: 8 };

let running = 0;
const waiting: (() => void)[] = [];

/** Extractions running and waiting now: what a spec waits on to find the queue full. */
export function importSlots(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

async function slot(): Promise<() => void> {
  if (running >= IMPORT_CONCURRENCY.running) {
    if (waiting.length >= IMPORT_CONCURRENCY.waiting)
      throw new ImportRefused('import-busy', '当前导入的文件较多，请稍后重试。');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

// Under ts-jest / swc the sources are TypeScript: the worker compiles them with a require hook.
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { addHook } = require(workerData.pirates);
const swc = require(workerData.swc);
addHook((code, filename) => swc.transformSync(code, {
  filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
}).code, { exts: ['.ts'] });
require(workerData.entry);
`;

function startWorker(bytes: Buffer, limits: ImportLimits): Worker {
  const resourceLimits = {
    maxOldGenerationSizeMb: limits.maxHeapMb,
    maxYoungGenerationSizeMb: Math.max(8, Math.min(32, Math.floor(limits.maxHeapMb / 8))),
    stackSizeMb: 4,
  };
  const data = { bytes: new Uint8Array(bytes), limits };
  const compiled = join(__dirname, 'extract-worker.js');
  if (existsSync(compiled)) return new Worker(compiled, { workerData: data, resourceLimits });
  return new Worker(TS_BOOTSTRAP, {
    eval: true,
    resourceLimits,
    workerData: {
      ...data,
      entry: join(__dirname, 'extract-worker.ts'),
      pirates: require.resolve('pirates'),
      swc: require.resolve('@swc/core'),
    },
  });
}

/**
 * Reads an uploaded file into plain tables off the request thread: in a worker thread with a heap
 * limit, terminated when it outlives the time limit, at most IMPORT_CONCURRENCY at once.
 * Throws ImportRefused naming the limit passed, or 'import-unreadable'.
 */
export async function extractDocument(
  bytes: Buffer,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
): Promise<SourceDocument> {
  if (bytes.length > limits.maxFileBytes) throw limitRefusal('import-too-large', limits);
  const release = await slot();
  try {
    return await new Promise<SourceDocument>((resolve, reject) => {
      const worker = startWorker(bytes, limits);
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        outcome();
      };
      const timer = setTimeout(
        () => settle(() => reject(limitRefusal('import-too-slow', limits))),
        limits.maxMillis,
      );
      worker.on('message', (answer: WorkerAnswer) =>
        settle(() => {
          if (answer.ok) resolve(answer.document);
          else if (answer.code === 'import-unreadable' || answer.code === 'import-busy')
            reject(new ImportRefused(answer.code, answer.message || UNREADABLE));
          else reject(new ImportRefused(answer.code, answer.message, answer.limit));
        }),
      );
      worker.on('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? limitRefusal('import-out-of-memory', limits)
              : new ImportRefused('import-unreadable', UNREADABLE),
          ),
        ),
      );
      worker.on('exit', () => settle(() => reject(new ImportRefused('import-unreadable', UNREADABLE))));
    });
  } finally {
    release();
  }
}
