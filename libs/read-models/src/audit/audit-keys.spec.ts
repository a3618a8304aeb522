import { inEntityOrder, timeKey } from './audit.projection';

/** What the index stored before the digit-by-digit read: `Date.parse`, 0 for what it cannot read. */
const byDateParse = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
};

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the audit index time of an event', () => {
  it('is what Date.parse makes of every time the log writes', () => {
    const next = random(7);
    for (let i = 0; i < 20_000; i++) {
      const iso = new Date(Math.floor(next() * 4_102_444_800_000)).toISOString();
      expect(timeKey(iso)).toBe(Date.parse(iso));
    }
  });

  it.each([
    '2024-02-29T23:59:59.999Z',
    '2023-02-29T00:00:00.000Z',
    '2023-04-31T00:00:00.000Z',
    '2023-01-01T24:00:00.000Z',
    '2023-01-01T23:60:00.000Z',
    '2023-13-01T00:00:00.000Z',
    '2023-00-10T00:00:00.000Z',
    '0099-01-01T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '2023-01-01T00:00:00.000+08:00',
    '2023-01-01T08:00:00+08:00',
    '2023-01-01',
    '2023-1-01T00:00:00.000Z',
    '2023-01-01 00:00:00.000Z',
    '2023-01-01T00:00:00.0a0Z',
    'not a time at all, 24 c.',
    '',
  ])('is what Date.parse makes of %p, or 0', (iso) => {
    expect(timeKey(iso)).toBe(byDateParse(iso));
  });
});

describe('held entity rows put in order at the end of a load', () => {
  const SHIFT = 2 ** 32;

  it('come out sorted as a comparison sort sorts them, duplicates kept', () => {
    const next = random(11);
    const keys: number[] = [];
    // Added in log order: positions rise, each filed under a few entities (some twice).
    for (let position = 1; position <= 5_000; position++) {
      for (let n = 0; n < 3; n++) keys.push(Math.floor(next() * 700) * SHIFT + position);
      if (position % 10 === 0) keys.push(keys[keys.length - 1]);
    }
    const held = Float64Array.from(keys);

    expect(Array.from(inEntityOrder(held))).toEqual(Array.from(Float64Array.from(keys).sort()));
  });

  it('handles no rows, and entity keys up to the held limit', () => {
    expect(Array.from(inEntityOrder(new Float64Array(0)))).toEqual([]);
    const keys = [(2 ** 21 - 1) * SHIFT + 5, 3, 2 ** 21 * SHIFT - 1, 7 * SHIFT + 2];
    expect(Array.from(inEntityOrder(Float64Array.from(keys)))).toEqual(
      Array.from(Float64Array.from(keys).sort()),
    );
  });
});
