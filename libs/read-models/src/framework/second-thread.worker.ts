import { parentPort, workerData } from 'node:worker_threads';
import { ALL_PROJECTIONS } from '../index';
import {
  loadPart,
  RebuildFailed,
  type SecondThreadData,
  type SecondThreadMessage,
} from './rebuild-into-new-file';

/**
 * The second thread of a full rebuild (ADR 0050): reads the log for both threads (ADR 0051),
 * loads the projections it is named into its own file and says how far it got, then that it is
 * done or which projections failed. Anything else it throws ends the thread, and the rebuild with it.
 */
async function main(): Promise<void> {
  const { load, names, progressMs } = workerData as SecondThreadData;
  const projections = ALL_PROJECTIONS.filter((p) => names.includes(p.name));
  if (projections.length !== names.length) throw new Error(`no projection named in ${names.join(', ')}`);
  const say = (message: SecondThreadMessage) => parentPort!.postMessage(message);
  try {
    await loadPart(load, projections, {
      onProgress: (position) => say({ kind: 'reached', position }),
      progressMs,
    });
    say({ kind: 'loaded' });
  } catch (error) {
    if (!(error instanceof RebuildFailed)) throw error;
    say({ kind: 'failed', failed: error.failed });
  }
}

// A rejection here is uncaught: it ends the thread and reaches the rebuild as the worker's 'error'.
void main();
