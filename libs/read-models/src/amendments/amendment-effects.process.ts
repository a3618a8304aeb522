import { amendmentEffects, type AmendmentApproved } from '@sg/domain';
import { effectIntent } from '../framework/effect-intent';
import type { Intent, ProcessManager } from '../framework/process-manager';

/**
 * Makes an approved amendment (任务调整) count: on `AmendmentApproved` asks for its change events
 * (tasks added, revised, withdrawn; indicators added, revised, withdrawn), each with an id derived
 * from the amendment, so a replay or a second process appends each once. The approval decided
 * everything against the streams; nothing here can refuse.
 */
export const amendmentEffectsManager: ProcessManager = {
  name: 'amendment-effects',
  version: 1,
  tablePrefix: 'amx_',
  eventTypes: new Set(['AmendmentApproved']),
  migrate() {
    // Stateless: every intent follows from the approval event alone.
  },
  react(_db, recorded): Intent[] {
    if (recorded.type !== 'AmendmentApproved') return [];
    const approved = recorded.data as AmendmentApproved;
    return amendmentEffects(approved).map((effect) =>
      effectIntent(recorded, `amendment:${approved.amendmentId}`, effect, approved.reason),
    );
  },
};
