import { DomainError } from '../shared/domain-error';
import {
  assessIndicator,
  gradeOf,
  pointsForDisplay,
  requireValidSpec,
  summariseGroup,
  weightedTotal,
  type ActualValue,
  type IndicatorSpec,
} from './scoring';

const atLeast = (
  value: string,
  points: string,
  rule: IndicatorSpec['rule'] = { kind: 'proportional' },
): IndicatorSpec => ({
  points,
  target: { kind: 'numeric', comparator: '>=', value, unit: '项' },
  rule,
});
const n = (value: string): ActualValue => ({ kind: 'numeric', value });

describe('scoring an indicator', () => {
  it('scores proportionally, capped at full points, counting over-completion', () => {
    expect(assessIndicator(atLeast('2', '1'), n('1'))).toMatchObject({
      score: '0.5',
      completion: '0.5',
      met: false,
    });
    const over = assessIndicator(atLeast('2', '1'), n('4'));
    expect(over).toMatchObject({ score: '1', completion: '1', met: true, overCompleted: true, ratio: '2' });
    expect(over.needsExplanation).toBe(true);
    expect(assessIndicator(atLeast('2', '1'), n('2.5'))).toMatchObject({
      overCompleted: true,
      needsExplanation: false,
    });
  });

  it('gives threshold points only when the target is met, with a stated partial fraction', () => {
    expect(assessIndicator(atLeast('10', '0.5', { kind: 'threshold' }), n('9'))).toMatchObject({
      score: '0',
      completion: '0.9',
    });
    expect(
      assessIndicator(atLeast('10', '0.5', { kind: 'threshold', partialFraction: '0.4' }), n('9')).score,
    ).toBe('0.2');
    expect(assessIndicator(atLeast('10', '0.5', { kind: 'threshold' }), n('10')).score).toBe('0.5');
  });

  it('treats > as strictly more', () => {
    const spec: IndicatorSpec = {
      points: '1',
      target: { kind: 'numeric', comparator: '>', value: '95', unit: '%' },
      rule: { kind: 'threshold' },
    };
    expect(assessIndicator(spec, n('95')).met).toBe(false);
    expect(assessIndicator(spec, n('95.01')).met).toBe(true);
  });

  it('scores a lower-is-better target in reverse', () => {
    const spec: IndicatorSpec = {
      points: '2',
      target: { kind: 'numeric', comparator: '<=', value: '5', unit: '%' },
      rule: { kind: 'proportional' },
    };
    expect(assessIndicator(spec, n('4'))).toMatchObject({
      met: true,
      score: '2',
      overCompleted: true,
      ratio: '1.25',
    });
    expect(assessIndicator(spec, n('8'))).toMatchObject({ met: false, score: '1.25', ratio: '0.625' });
    expect(assessIndicator(spec, n('0'))).toMatchObject({ met: true, score: '2' });
  });

  it('scores a range target', () => {
    const spec: IndicatorSpec = {
      points: '1',
      target: { kind: 'range', min: '16', max: '18', unit: ':1' },
      rule: { kind: 'proportional' },
    };
    expect(assessIndicator(spec, n('17')).score).toBe('1');
    expect(assessIndicator(spec, n('20')).score).toBe('0.9');
    expect(assessIndicator(spec, n('12')).score).toBe('0.75');
  });

  it('takes the highest band a ratio reaches', () => {
    const spec = atLeast('100', '4', {
      kind: 'banded',
      bands: [
        { minRatio: '0.8', fraction: '0.5' },
        { minRatio: '0.95', fraction: '1' },
        { minRatio: '0.9', fraction: '0.75' },
      ],
    });
    expect(assessIndicator(spec, n('93.07')).score).toBe('3');
    expect(assessIndicator(spec, n('96')).score).toBe('4');
    expect(assessIndicator(spec, n('70')).score).toBe('0');
  });

  it('keeps a qualitative score inside the chosen band', () => {
    const spec: IndicatorSpec = {
      points: '2',
      target: { kind: 'qualitative', text: '建成省级以上示范基地' },
      rule: {
        kind: 'qualitative',
        bands: [
          { label: '达成', minFraction: '1', maxFraction: '1' },
          { label: '部分达成', minFraction: '0.5', maxFraction: '0.9' },
          { label: '未达成', minFraction: '0', maxFraction: '0.4' },
        ],
      },
    };
    expect(assessIndicator(spec, { kind: 'qualitative', band: '部分达成', score: '1.5' })).toMatchObject({
      score: '1.5',
      completion: '0.75',
      met: false,
    });
    expect(() => assessIndicator(spec, { kind: 'qualitative', band: '部分达成', score: '2' })).toThrow(
      DomainError,
    );
    expect(() => assessIndicator(spec, { kind: 'qualitative', band: '优秀', score: '2' })).toThrow(
      '评价等级',
    );
  });

  it('deducts manual points, each with a reason: 管理与执行 10 − 1.5 = 8.5', () => {
    const spec: IndicatorSpec = {
      points: '10',
      target: { kind: 'qualitative', text: '制度健全' },
      rule: { kind: 'manual' },
    };
    expect(
      assessIndicator(spec, {
        kind: 'manual',
        deductions: [
          { points: '1', reason: '预算编制不够科学' },
          { points: '0.5', reason: '管理制度基本健全' },
        ],
      }).score,
    ).toBe('8.5');
    expect(() =>
      assessIndicator(spec, { kind: 'manual', deductions: [{ points: '1', reason: ' ' }] }),
    ).toThrow('原因');
    expect(() =>
      assessIndicator(spec, { kind: 'manual', deductions: [{ points: '11', reason: '过多' }] }),
    ).toThrow('超过分值');
  });
});

describe('the seed report, row by row', () => {
  it('表6 项目8: two proportional indicators of 1 point, 1.5 done, scores 1.5', () => {
    const row = [
      { points: '1', assessment: assessIndicator(atLeast('2', '1'), n('2')) },
      { points: '1', assessment: assessIndicator(atLeast('2', '1'), n('1')) },
    ];
    expect(summariseGroup(row)).toEqual({
      count: 2,
      completed: '1.5',
      rate: '0.75',
      score: '1.5',
      points: '2',
      overCompleted: 0,
    });
  });

  it('表7 项目3: 1.675 done prints 1.68 and 83.75 %, and scores 1.675 exactly until display', () => {
    const row = [
      { points: '1', assessment: assessIndicator(atLeast('8', '1'), n('7')) },
      { points: '1', assessment: assessIndicator(atLeast('5', '1'), n('4')) },
    ];
    const summary = summariseGroup(row);
    expect(summary).toMatchObject({ completed: '1.675', rate: '0.8375', score: '1.675' });
    expect(pointsForDisplay(summary.completed)).toBe('1.68');
    expect(pointsForDisplay(summary.score)).toBe('1.68');
  });

  it('满意度: all five groups at or above 90 % earn the full 10 points', () => {
    const groups = { 在校生: '91.82', 毕业生: '91.44', 教职工: '98.38', 用人单位: '95.5', 家长: '93.68' };
    const spec: IndicatorSpec = {
      points: '2',
      target: { kind: 'numeric', comparator: '>=', value: '90', unit: '%' },
      rule: { kind: 'threshold' },
    };
    const rows = Object.values(groups).map((value) => ({
      points: '2',
      assessment: assessIndicator(spec, n(value)),
    }));
    expect(summariseGroup(rows).score).toBe('10');
  });

  it('weights the levels 30 / 70: 95.04 and 93.16 make 93.72, grade 优', () => {
    const total = weightedTotal([
      { total: '95.04', weight: '0.3' },
      { total: '93.16', weight: '0.7' },
    ]);
    expect(total).toBe('93.724');
    expect(pointsForDisplay(total)).toBe('93.72');
    expect(gradeOf(total)).toBe('优');
  });

  it('grades totals at the band edges', () => {
    expect(['90', '89.99', '80', '79.99', '60', '59.99'].map(gradeOf)).toEqual([
      '优',
      '良',
      '良',
      '中',
      '中',
      '差',
    ]);
  });
});

describe('成本指标 scored as 执行率 against the budget', () => {
  const cost = (budget: string, unit = '万元'): IndicatorSpec => ({
    points: '10',
    target: { kind: 'numeric', comparator: '<=', value: budget, unit },
    rule: { kind: 'execution-rate' },
  });

  it('earns points × spent / budget, met at 100 %, never more than the points', () => {
    expect(assessIndicator(cost('37200'), n('18600'))).toMatchObject({
      ratio: '0.5',
      completion: '0.5',
      score: '5',
      met: false,
      needsExplanation: true,
    });
    expect(assessIndicator(cost('37200'), n('37200'))).toMatchObject({
      score: '10',
      met: true,
      needsExplanation: false,
    });
    // Overspending: full points at most, not over-completion, and it must be explained.
    expect(assessIndicator(cost('100'), n('120'))).toMatchObject({
      score: '10',
      met: true,
      overCompleted: false,
      needsExplanation: true,
    });
  });

  it('needs a budget in 万元 as its target', () => {
    expect(() => requireValidSpec(cost('5', '%'))).toThrow(DomainError);
    expect(() =>
      requireValidSpec({
        points: '10',
        target: { kind: 'qualitative', text: '严格执行中标价格' },
        rule: { kind: 'execution-rate' },
      }),
    ).toThrow(DomainError);
    expect(requireValidSpec(cost('37200'))).toBeTruthy();
  });
});
