import { parentPort, workerData } from 'node:worker_threads';
import { ImportRefused, type ImportLimits } from './limits';
import { readSource } from './read-source';

export type WorkerAnswer =
  | { ok: true; document: import('./tables').SourceDocument }
  | { ok: false; code: ImportRefused['code']; message: string; limit?: ImportRefused['limit'] };

const { bytes, limits } = workerData as { bytes: Uint8Array; limits: ImportLimits };

readSource(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits).then(
  (document) => parentPort!.postMessage({ ok: true, document } satisfies WorkerAnswer),
  (error: unknown) => {
    const answer: WorkerAnswer =
      error instanceof ImportRefused
        ? { ok: false, code: error.code, message: error.userMessage, limit: error.limit }
        : { ok: false, code: 'import-unreadable', message: '' };
    parentPort!.postMessage(answer);
  },
);
