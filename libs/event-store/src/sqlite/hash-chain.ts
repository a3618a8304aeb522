import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** An event as the log stores it: `data` and `metadata` are the JSON texts as written. */
export interface StoredEvent {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/**
 * One link: SHA-256 over the previous link and the event exactly as stored (its JSON texts, not
 * a re-serialisation), encoded as a JSON array so no two events share canonical bytes.
 */
export function chainLink(previous: string, row: StoredEvent): string {
  const canonical = JSON.stringify([
    previous,
    row.position,
    row.id,
    row.stream,
    row.revision,
    row.type,
    row.data,
    row.metadata,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
