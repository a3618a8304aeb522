import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562 "custom") derived from the idempotency key, the stream and the
 * event's index in the batch: the retry of a command produces exactly the ids of its first try.
 */
export function deterministicEventId(idempotencyKey: string, stream: string, index: number): string {
  const hash = createHash('sha256').update(`${idempotencyKey}\u0000${stream}\u0000${index}`).digest();
  hash[6] = 0x80 | (hash[6] & 0x0f);
  hash[8] = 0x80 | (hash[8] & 0x3f);
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
