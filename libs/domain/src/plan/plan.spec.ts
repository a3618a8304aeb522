import { deciderSpec } from '@sg/testing';
import { planDecider, requireProject, type PlanEvent } from './plan';
import { fold } from '../shared/decider';

const spec = deciderSpec(planDecider);
const created: PlanEvent = {
  type: 'PlanCreated',
  data: { planId: 'p1', name: '双高建设方案', school: '某职业技术学院', startYear: 2019, endYear: 2023 },
};
const schoolLevel: PlanEvent = {
  type: 'LevelAdded',
  data: { planId: 'p1', levelId: 'school', name: '学校层面', kind: 'school', weight: '0.3' },
};
const project1: PlanEvent = {
  type: 'ProjectAdded',
  data: { planId: 'p1', projectId: 'pr1', levelId: 'school', code: '1', name: '党建引领示范' },
};

describe('plan', () => {
  it('creates a plan once', () => {
    spec
      .given([])
      .when({ type: 'CreatePlan', data: { ...created.data, name: '  双高建设方案 ' } })
      .then([created]);
    spec.given([created]).when({ type: 'CreatePlan', data: created.data }).thenThrows('plan-exists');
  });

  it('refuses a period that ends before it starts', () => {
    spec
      .given([])
      .when({ type: 'CreatePlan', data: { ...created.data, startYear: 2023, endYear: 2019 } })
      .thenThrows('invalid-period');
  });

  it('adds levels whose weights sum to at most one', () => {
    spec.given([created]).when({ type: 'AddLevel', data: schoolLevel.data }).then([schoolLevel]);
    spec
      .given([created, schoolLevel])
      .when({
        type: 'AddLevel',
        data: { planId: 'p1', levelId: 'group', name: '专业群', kind: 'group', weight: '0.71' },
      })
      .thenThrows('weights-exceed-one');
  });

  it('adds a level only to an existing plan', () => {
    spec.given([]).when({ type: 'AddLevel', data: schoolLevel.data }).thenThrows('plan-not-found');
  });

  it('adds a project to an existing level with a code unique within the level', () => {
    spec.given([created, schoolLevel]).when({ type: 'AddProject', data: project1.data }).then([project1]);
    spec
      .given([created, schoolLevel, project1])
      .when({ type: 'AddProject', data: { ...project1.data, projectId: 'pr2' } })
      .thenThrows('project-code-taken');
    spec.given([created]).when({ type: 'AddProject', data: project1.data }).thenThrows('level-not-found');
  });

  it('refuses a second indicator with the same code in a level', () => {
    const define = (indicatorId: string, code: string) => ({
      planId: 'p1',
      indicatorId,
      levelId: 'school',
      subcategory: 'quantity' as const,
      group: { code: '1.1', name: '打造技术技能人才培养高地' },
      code,
      name: '思政课程建设项目',
      points: '2',
      target: { kind: 'numeric' as const, comparator: '>=' as const, value: '2', unit: '项' },
      rule: { kind: 'proportional' as const },
    });
    const defined: PlanEvent = { type: 'IndicatorDefined', data: define('i1', '1.1.1.1') };
    spec
      .given([created, schoolLevel, defined])
      .when({ type: 'DefineIndicator', data: define('i2', '1.1.1.1') })
      .thenThrows('indicator-code-taken');
    spec
      .given([created, schoolLevel, defined])
      .when({ type: 'DefineIndicator', data: define('i2', '1.1.1.2') })
      .then([{ type: 'IndicatorDefined', data: define('i2', '1.1.1.2') }]);
  });

  it('leaves a state it was given as it was', () => {
    const events: PlanEvent[] = [created, schoolLevel, project1];
    const before = fold(planDecider, events);
    const after = planDecider.evolve(before, {
      type: 'ProjectAdded',
      data: { ...project1.data, projectId: 'pr2', code: '2' },
    });
    expect([...before.projects.keys()]).toEqual(['pr1']);
    expect([...after.projects.keys()]).toEqual(['pr1', 'pr2']);
  });

  it('knows which projects a task may be attached to', () => {
    const state = fold(planDecider, [created, schoolLevel, project1]);
    expect(requireProject(state, 'p1', 'pr1')).toEqual({ levelId: 'school', code: '1' });
    expect(() => requireProject(state, 'p1', 'nope')).toThrow(
      expect.objectContaining({ code: 'project-not-found' }),
    );
  });
});

describe('a 任务书 budget on the plan', () => {
  const line = {
    sourceKey: '1:1.1',
    primaryTask: '加强党的建设',
    secondaryTask: '1.实施政治引领专项行动',
    amounts: { 中央财政: '12.5', 学校自筹: '0' },
  };
  const budget = { planId: 'p1', levelId: 'school', kind: 'total' as const, lines: [line] };

  it('is recorded per level and kind, amounts exact in 万元', () => {
    spec
      .given([created, schoolLevel])
      .when({
        type: 'RecordBudget',
        data: { ...budget, lines: [{ ...line, amounts: { 中央财政: '12.50', 学校自筹: '0' } }] },
      })
      .then([{ type: 'BudgetRecorded', data: budget }]);
    const state = fold(planDecider, [created, schoolLevel, { type: 'BudgetRecorded', data: budget }]);
    expect(state.budgets.get('school|total|')).toEqual(budget);
  });

  it('refuses an unknown source, a bad amount, a year outside the plan and an unknown level', () => {
    const given = spec.given([created, schoolLevel]);
    given
      .when({ type: 'RecordBudget', data: { ...budget, lines: [{ ...line, amounts: { 财政: '1' } }] } })
      .thenThrows('invalid-fund-source');
    given
      .when({ type: 'RecordBudget', data: { ...budget, lines: [{ ...line, amounts: { 中央财政: '-1' } }] } })
      .thenThrows('invalid-amount');
    given
      .when({ type: 'RecordBudget', data: { ...budget, kind: 'annual', year: 2030 } })
      .thenThrows('year-outside-plan');
    given.when({ type: 'RecordBudget', data: { ...budget, levelId: 'nope' } }).thenThrows('level-not-found');
  });
});

describe('a points scheme for a whole 二级指标', () => {
  const indicator = (id: string, code: string, target: object, subcategory = 'quantity'): PlanEvent => ({
    type: 'IndicatorDefined',
    data: {
      planId: 'p1',
      indicatorId: id,
      levelId: 'school',
      subcategory,
      group: { code: '1.1.1', name: '打造技术技能人才培养高地' },
      code,
      name: code,
      points: '0',
      target,
      rule: { kind: 'manual' },
    } as never,
  });
  const history = [
    created,
    schoolLevel,
    indicator('i1', '1.1.1.1', { kind: 'numeric', comparator: '>=', value: '2', unit: '项' }),
    indicator('i2', '1.1.1.2', { kind: 'numeric', comparator: '<=', value: '5', unit: '%' }),
    indicator('i3', '1.1.1.3', { kind: 'qualitative', text: '是' }),
    indicator('c1', '1.4.8', { kind: 'numeric', comparator: '>=', value: '37200', unit: '万元' }, 'cost'),
  ];
  type Applied = Extract<PlanEvent, { type: 'PointsSchemeApplied' }>['data'];
  const applyScheme = (subcategory: Applied['subcategory'], points: string) =>
    spec.given(history).when({
      type: 'ApplyPointsScheme',
      data: { planId: 'p1', levelId: 'school', subcategory, points },
    });
  const schemeApplied = (
    subcategory: Applied['subcategory'],
    points: string,
    indicators: Applied['indicators'],
  ): PlanEvent => ({
    type: 'PointsSchemeApplied',
    data: { planId: 'p1', levelId: 'school', subcategory, points, indicators },
  });

  it('splits the points exactly over its indicators, each with the default rule of its target', () => {
    applyScheme('quantity', '20').then([
      schemeApplied('quantity', '20', [
        { indicatorId: 'i1', points: '6.6668', rule: { kind: 'proportional' } },
        { indicatorId: 'i2', points: '6.6666', rule: { kind: 'threshold' } },
        { indicatorId: 'i3', points: '6.6666', rule: { kind: 'manual' } },
      ]),
    ]);
    applyScheme('cost', '10').then([
      schemeApplied('cost', '10', [{ indicatorId: 'c1', points: '10', rule: { kind: 'execution-rate' } }]),
    ]);
  });

  it('refuses a 二级指标 without indicators and points outside 0–100', () => {
    applyScheme('social', '20').thenThrows('no-indicators');
    applyScheme('quantity', '120').thenThrows('invalid-points');
  });

  it('leaves the definitions with their new points and rules', () => {
    const state = fold(planDecider, [
      ...history,
      schemeApplied('quantity', '20', [{ indicatorId: 'i1', points: '20', rule: { kind: 'proportional' } }]),
    ]);
    expect(state.indicators.get('i1')).toMatchObject({ points: '20', rule: { kind: 'proportional' } });
  });
});
