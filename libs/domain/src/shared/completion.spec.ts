import { percentForDisplay, summariseCompletion } from './completion';

describe('completion', () => {
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
