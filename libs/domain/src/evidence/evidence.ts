import { eventTypesOf, assertNever, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';

/** 佐证材料: a file as accepted, by content hash; the bytes live in the content store. */
export interface EvidenceFile {
  evidenceId: string;
  planId: string;
  taskId: string;
  sha256: string;
  size: number;
  mediaType: string;
  /** The cleaned name it was uploaded under. */
  name: string;
}

export type EvidenceCommand = Message<'RecordEvidence', EvidenceFile>;
export type EvidenceEvent = Message<'EvidenceUploaded', EvidenceFile>;

export const evidenceStream = (evidenceId: string): string => `evidence-${evidenceId}`;

export const evidenceNotFound = (evidenceId: string) =>
  new DomainError('not-found', 'evidence-not-found', `佐证材料不存在：${evidenceId}`, { evidenceId });

export const evidenceDecider: Decider<{ exists: boolean }, EvidenceCommand, EvidenceEvent> = {
  initialState: () => ({ exists: false }),
  evolve: (_state, event) => {
    switch (event.type) {
      case 'EvidenceUploaded':
        return { exists: true };
      default:
        return assertNever(event.type);
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'RecordEvidence':
        if (state.exists) throw new DomainError('conflict', 'evidence-exists', '该佐证材料已登记。');
        return [{ type: 'EvidenceUploaded', data: command.data }];
      default:
        return assertNever(command.type);
    }
  },
  eventTypes: eventTypesOf<EvidenceEvent>({ EvidenceUploaded: true }),
};
export * from './evidence-package';
