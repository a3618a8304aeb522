import { type Message } from '../shared/decider';
import { ledgerDecider } from '../shared/ledger';
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

export const evidenceDecider = ledgerDecider<EvidenceCommand, EvidenceEvent>(
  'EvidenceUploaded',
  (data, state) => {
    if (state.recorded > 0) throw new DomainError('conflict', 'evidence-exists', '该佐证材料已登记。');
    return data;
  },
);
export * from './evidence-package';
