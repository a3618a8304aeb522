import {
  defaultRuleFor,
  DomainError,
  fold,
  INDICATOR_SUBCATEGORIES,
  planDecider,
  taskDecider,
  type BudgetLine as PlanBudgetLine,
  type IndicatorSpec,
  type IndicatorSubcategory,
  type LevelKind,
  type PlanCommand,
  type PlanEvent,
  type Target as PlanTarget,
} from '@sg/domain';
import {
  FUND_SOURCES,
  indicatorKey,
  partKey as taskBookPartKey,
  secondaryTaskKey,
  taskItemKey,
  type Indicator,
  type TaskBook,
  type TaskBookPart,
} from '@sg/imports';

/**
 * A 任务书 as the commands that make it a plan. Source keys are the ones amendments match on
 * (`taskBookEntries`, ADR 0024, 0025): part, 一级 序号 and 二级 number, year, position of the item
 * among that year's items ("P1/1.2/2021/3"); indicators by part and printed code ("P1/I/1.1.1.2").
 */
export interface TaskBookPlan {
  plan: { name: string; school: string; startYear: number; endYear: number };
  levels: { key: string; name: string; kind: LevelKind; weight: string }[];
  projects: { key: string; level: string; code: string; name: string }[];
  tasks: {
    sourceKey: string;
    level: string;
    project: string;
    title: string;
    year: number;
    primaryTask: string;
    secondaryTask: string;
    ref: string;
  }[];
  indicators: (IndicatorSpec & {
    sourceKey: string;
    level: string;
    subcategory: IndicatorSubcategory;
    group: { code: string; name: string };
    code: string;
    name: string;
    ref: string;
  })[];
  budgets: {
    level: string;
    kind: 'total' | 'annual';
    year?: number;
    lines: (Omit<PlanBudgetLine, 'projectId'> & { project?: string })[];
  }[];
}

/** A row of the 任务书 the plan's own rules refuse: where it is printed and why (zh-CN). */
export interface TaskBookProblem {
  ref: string;
  message: string;
}

const SUBCATEGORY_BY_NAME: Record<string, IndicatorSubcategory> = {
  ...Object.fromEntries(
    Object.entries(INDICATOR_SUBCATEGORIES).map(([key, value]) => [value.name, key as IndicatorSubcategory]),
  ),
  服务对象满意度指标: 'satisfaction',
};

/** The part's level key: its printed number, else its position. */
const partKeyOf = (part: TaskBookPart, index: number) => part.number ?? `P${index + 1}`;

function targetOf(indicator: Indicator): PlanTarget {
  const t = indicator.target;
  switch (t.kind) {
    case 'numeric':
      // "2 项" without a sign means at least 2, as the 任务书's 目标值 are read.
      return { kind: 'numeric', comparator: t.comparator ?? '>=', value: t.value, unit: t.unit || '-' };
    case 'range':
      return { kind: 'range', min: t.min, max: t.max, unit: t.unit || '-' };
    case 'qualitative':
      return { kind: 'qualitative', text: t.text };
    default:
      return t satisfies never;
  }
}

/** Weights: the school half, the 专业群 the other half in equal shares (4 places, rounded down). */
function weightsOf(parts: TaskBookPart[]): string[] {
  const groups = parts.filter((p) => p.kind === 'group').length;
  const schools = parts.length - groups;
  const share = (total: number, n: number) => (Math.floor((total / n) * 10000) / 10000).toString();
  const schoolTotal = groups === 0 ? 1 : schools === 0 ? 0 : 0.5;
  return parts.map((p) =>
    p.kind === 'school' ? share(schoolTotal, schools) : share(1 - schoolTotal, groups),
  );
}

/**
 * The plan a 任务书 describes: a level per part, a project per 一级任务, a task per ①②③ item,
 * every indicator (时效, 成本, 效益, 满意度 included) with 0 points until a points scheme is
 * applied, and the 1-4 / 1-5 budgets. Problems the plan's own rules would refuse are listed, all
 * of them, before anything is written.
 */
export function planFromTaskBook(
  book: TaskBook,
): { ok: true; value: TaskBookPlan } | { ok: false; problems: TaskBookProblem[] } {
  const problems: TaskBookProblem[] = [];
  const years = book.parts.flatMap((p) =>
    p.tasks.flatMap((t) => t.years.flatMap((y) => [y.year, ...y.includes])),
  );
  const school = book.school ?? book.parts.find((p) => p.kind === 'school')?.name ?? '';
  if (years.length === 0) {
    problems.push({ ref: '-', message: '任务书中没有读到任何年度任务（1-3 建设任务与进度表）。' });
  }
  if (school === '') {
    problems.push({ ref: '-', message: '任务书中没有读到学校名称（封面“申报学校”或 1-1 概况表）。' });
  }
  const value: TaskBookPlan = {
    plan: {
      name: `${school}“双高计划”建设任务书`,
      school,
      startYear: years.length > 0 ? Math.min(...years) : 0,
      endYear: years.length > 0 ? Math.max(...years) : 0,
    },
    levels: [],
    projects: [],
    tasks: [],
    indicators: [],
    budgets: [],
  };
  const weights = weightsOf(book.parts);
  book.parts.forEach((part, partIndex) => {
    const partKey = partKeyOf(part, partIndex);
    const level = partKey;
    value.levels.push({
      key: level,
      name: part.kind === 'school' ? '学校层面' : `专业群层面：${part.name ?? part.title}`,
      kind: part.kind,
      weight: weights[partIndex],
    });
    /** 二级任务 key by 一级 name and 二级 text, for the budget lines that name them. */
    const level2Keys = new Map<string, string>();
    const projectOf = new Map<string, string>();
    for (const task of part.tasks) {
      let project = projectOf.get(task.level1);
      if (!project) {
        const code = task.number || String(projectOf.size + 1);
        project = `${level}/${code}`;
        if (value.projects.some((p) => p.key === project)) {
          problems.push({ ref: task.ref, message: `一级任务序号 ${code} 在本部分重复：「${task.level1}」` });
        }
        projectOf.set(task.level1, project);
        value.projects.push({ key: project, level, code, name: task.level1 });
      }
      const key = secondaryTaskKey(partIndex, {
        number: task.number || String(projectOf.size),
        level2: task.level2,
      });
      if (level2Keys.has(`${task.level1}\u0000${task.level2}`) || [...level2Keys.values()].includes(key)) {
        problems.push({ ref: task.ref, message: `二级任务重复：「${task.level2}」` });
      }
      level2Keys.set(`${task.level1}\u0000${task.level2}`, key);
      const perYear = new Map<number, number>();
      for (const item of task.items) {
        const k = (perYear.get(item.year) ?? 0) + 1;
        perYear.set(item.year, k);
        value.tasks.push({
          sourceKey: taskItemKey(key, item.year, k),
          level,
          project,
          title: item.text,
          year: item.year,
          primaryTask: task.level1,
          secondaryTask: task.level2,
          ref: item.ref,
        });
      }
    }
    for (const indicator of part.indicators) {
      const subcategory = SUBCATEGORY_BY_NAME[indicator.level2.name];
      if (!subcategory) {
        problems.push({
          ref: indicator.ref,
          message: `二级指标「${indicator.level2.code} ${indicator.level2.name}」不是国家模板中的二级指标（${Object.keys(SUBCATEGORY_BY_NAME).join('、')}）。`,
        });
        continue;
      }
      const target = targetOf(indicator);
      value.indicators.push({
        sourceKey: indicatorKey(partIndex, indicator.code),
        level,
        subcategory,
        group: indicator.group ?? { code: indicator.level2.code, name: indicator.level2.name },
        code: indicator.code,
        name: indicator.name,
        points: '0',
        target,
        rule: defaultRuleFor(subcategory, target),
        ref: indicator.ref,
      });
    }
    for (const budget of part.budgets) {
      const seen = new Set<string>();
      const lines = budget.lines.map((line, i) => {
        let sourceKey =
          level2Keys.get(`${line.level1}\u0000${line.level2}`) ?? `${taskBookPartKey(partIndex)}/B${i + 1}`;
        if (seen.has(sourceKey)) sourceKey = `${sourceKey}~${i + 1}`;
        seen.add(sourceKey);
        const amounts: Record<string, string> = {};
        for (const [source, name] of Object.entries(FUND_SOURCES)) {
          amounts[name] = line.amounts[source as keyof typeof FUND_SOURCES];
        }
        const project = projectOf.get(line.level1);
        return {
          sourceKey,
          primaryTask: line.level1,
          secondaryTask: line.level2,
          ...(project ? { project } : {}),
          amounts,
        };
      });
      if (lines.length === 0) continue;
      const duplicate = value.budgets.some(
        (b) => b.level === level && b.kind === budget.kind && b.year === budget.year,
      );
      if (duplicate) {
        problems.push({
          ref: budget.lines[0]?.ref ?? '-',
          message: `本部分有两张${budget.kind === 'total' ? '项目总预算' : `${budget.year} 年度预算`}表。`,
        });
        continue;
      }
      value.budgets.push({
        level,
        kind: budget.kind,
        ...(budget.kind === 'annual' && budget.year !== undefined ? { year: budget.year } : {}),
        lines,
      });
    }
  });
  if (problems.length === 0) problems.push(...simulate(value));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/** Runs the plan's and the tasks' own rules over the whole import in memory, naming each refused row. */
function simulate(value: TaskBookPlan): TaskBookProblem[] {
  const problems: TaskBookProblem[] = [];
  let state = fold(planDecider, [] as PlanEvent[]);
  const apply = (command: PlanCommand, ref: string) => {
    try {
      // The simulation's own state, folded in place: a copy per row would be quadratic.
      for (const event of planDecider.decide(command, state)) state = planDecider.evolveInPlace(state, event);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ ref, message: error.userMessage });
    }
  };
  apply({ type: 'CreatePlan', data: { planId: 'p', ...value.plan } }, '-');
  for (const level of value.levels) {
    const { key, ...data } = level;
    apply({ type: 'AddLevel', data: { planId: 'p', levelId: key, ...data } }, level.name);
  }
  for (const project of value.projects) {
    apply(
      {
        type: 'AddProject',
        data: {
          planId: 'p',
          projectId: project.key,
          levelId: project.level,
          code: project.code,
          name: project.name,
        },
      },
      project.name,
    );
  }
  for (const indicator of value.indicators) {
    const { level, ref, ...definition } = indicator;
    apply(
      {
        type: 'DefineIndicator',
        data: { ...definition, planId: 'p', indicatorId: definition.sourceKey, levelId: level },
      },
      ref,
    );
  }
  for (const budget of value.budgets) {
    apply(
      {
        type: 'RecordBudget',
        data: {
          planId: 'p',
          levelId: budget.level,
          kind: budget.kind,
          ...(budget.year !== undefined ? { year: budget.year } : {}),
          lines: budget.lines.map(({ project, ...line }) => ({
            ...line,
            ...(project ? { projectId: project } : {}),
          })),
        },
      },
      `${budget.level} ${budget.kind}`,
    );
  }
  const period = { startYear: value.plan.startYear, endYear: value.plan.endYear };
  for (const task of value.tasks) {
    try {
      taskDecider.decide(
        {
          type: 'DefineTask',
          data: {
            taskId: 't',
            planId: 'p',
            projectId: task.project,
            title: task.title,
            year: task.year,
            primaryTask: task.primaryTask,
            secondaryTask: task.secondaryTask,
            sourceKey: task.sourceKey,
            period,
          },
        },
        taskDecider.initialState(),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ ref: task.ref, message: error.userMessage });
    }
  }
  return problems;
}
