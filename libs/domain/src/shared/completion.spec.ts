import Decimal from 'decimal.js';
import fc from 'fast-check';
import { percentForDisplay, summariseCompletion } from './completion';

/** The sum as decimal.js makes it, one completion at a time: what every figure must equal. */
function summedByDecimal(completions: string[]) {
  const one = new Decimal(1);
  let completed = new Decimal(0);
  for (const text of completions) completed = completed.plus(Decimal.min(text, one));
  return {
    total: completions.length,
    completed: completed.toString(),
    rate: completions.length === 0 ? '0' : completed.div(completions.length).toString(),
    fullyDone: completions.filter((c) => new Decimal(c).gte(one)).length,
    overCompleted: completions.filter((c) => new Decimal(c).gt(one)).length,
  };
}

describe('completion', () => {
  it('sums plain decimals as integers to the same strings decimal.js gives, and anything else as decimal.js does', () => {
    const plain = fc
      .tuple(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.integer({ min: 0, max: 8 }),
      )
      .map(([whole, digits, places]) =>
        places === 0 ? String(whole) : `${whole}.${String(digits).padStart(8, '0').slice(0, places)}`,
      );
    const other = fc.constantFrom('0.3333333333333333333333333333', '1e-3', '0.0000001', '1.0000000', '00.5');
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ arbitrary: plain, weight: 9 }, { arbitrary: other, weight: 1 }), {
          maxLength: 60,
        }),
        (completions) => {
          expect(summariseCompletion(completions)).toEqual(summedByDecimal(completions));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('sums fractional task completions exactly and divides by the task count', () => {
    const summary = summariseCompletion(['1', '1', '0.39', '0.1', '0.2']);
    expect(summary).toMatchObject({ total: 5, completed: '2.69', fullyDone: 2 });
    expect(summary.rate).toBe('0.538');
  });

  it('counts a task done beyond its plan once, and as 超额完成', () => {
    expect(summariseCompletion(['1.5', '1', '0.5'])).toMatchObject({
      completed: '2.5',
      fullyDone: 2,
      overCompleted: 1,
    });
  });

  it('rounds half-up only for display: 43 of 45 prints 95.56, 15.5 of 16 prints 96.88', () => {
    expect(percentForDisplay(summariseCompletion([...Array(43).fill('1'), '0', '0']).rate)).toBe('95.56');
    expect(percentForDisplay(summariseCompletion([...Array(15).fill('1'), '0.5']).rate)).toBe('96.88');
  });

  it('reports zero for a group without tasks', () => {
    expect(summariseCompletion([])).toEqual({
      total: 0,
      completed: '0',
      rate: '0',
      fullyDone: 0,
      overCompleted: 0,
    });
  });
});
