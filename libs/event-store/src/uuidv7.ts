import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/** Random bytes drawn from the CSPRNG a few kilobytes at a time: one call per id cost more than the rest of it. */
const pool = new Uint8Array(4096);
let pooled = 0;

function randomBytes(into: Uint8Array, count: number): void {
  if (pooled < count) {
    randomFillSync(pool);
    pooled = pool.length;
  }
  into.set(pool.subarray(pooled - count, pooled), into.length - count);
  // Each byte is handed out once.
  pool.fill(0, pooled - count, pooled);
  pooled -= count;
}

/**
 * RFC 9562 UUIDv7: 48-bit Unix milliseconds, then a 12-bit counter (method 1 of §6.2) so that ids
 * minted within one millisecond by this process still sort in creation order, then 62 random bits.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    // Counter exhausted within one millisecond: borrow the next millisecond.
    lastMs += 1;
    counter = 0;
  }
  // Bytes 0–7 are the time and the counter (and the version); 8–15 are random.
  const bytes = new Uint8Array(16);
  randomBytes(bytes, 8);
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
