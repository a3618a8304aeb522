import { levelIndicators, splitCents, taskCompletions } from './demo-facts';
import { DEMO_LEVELS } from './seed-plan';

describe('the demo college, invented detail', () => {
  it('splits amounts into whole cents that sum exactly', () => {
    expect(splitCents('1.94', 22).filter((p) => p === '0.09')).toHaveLength(18);
    expect(splitCents('2', 3)).toEqual(['0.67', '0.67', '0.66']);
  });

  it('reproduces every row of 表1, 表2, 表6 and 表7 (rows that cannot are refused while building)', () => {
    const [school, group] = DEMO_LEVELS.map((level, i) => levelIndicators(level, String(i + 1)));
    const count = (list: typeof school, sub: string) =>
      list.filter((i) => i.subcategory === sub && i.kind !== 'achievement').length;
    expect([
      count(school, 'quantity'),
      count(school, 'quality'),
      count(group, 'quantity'),
      count(group, 'quality'),
    ]).toEqual([106, 89, 23, 24]);
    // 表1's rows hold 10+9+23+16+6+10+3+15+8+6 = 106 indicators; its 合计 row prints 104.
  });

  it('gives each project its tasks with the printed completed count and 超额完成', () => {
    expect(taskCompletions(33, '29.39', 0).filter((c) => c === '0.39')).toHaveLength(1);
    const p1 = taskCompletions(45, '43', 1);
    expect([p1.filter((c) => c === '1.2').length, p1.filter((c) => c === '0').length]).toEqual([1, 2]);
  });
});
