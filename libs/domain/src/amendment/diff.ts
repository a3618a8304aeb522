import type { Target } from '../scoring/scoring';

/**
 * A revised 任务书 against the plan it amends, item by item. Items carry a `sourceKey` (the part,
 * the 二级任务 code, the year and the item's place in its cell; for an indicator the part and its
 * code), but a key is a position: deleting ① of ①②③ moves ② and ③ onto other keys. So items are
 * paired in passes, each only among what earlier passes left:
 *   1. same key and same text: unchanged;
 *   2. same text within the same part and 二级任务 (same year first, then any year): the item
 *      moved (a new key, or a new year);
 *   3. same key, other text: the text changed;
 *   4. what is left is removed (the plan's) or added (the file's).
 */

/** A task of the plan, as its stream says now. */
export interface PlanTaskEntry {
  taskId: string;
  sourceKey?: string;
  projectId: string;
  /** Undefined while the task is 未分配. */
  ownerId?: string;
  title: string;
  year?: number;
  dueDate: string;
  primaryTask?: string;
  secondaryTask?: string;
}

/** A yearly item of the revised 任务书. */
export interface BookTaskEntry {
  sourceKey: string;
  title: string;
  year: number;
  primaryTask: string;
  secondaryTask: string;
  /** Where it is in the file, e.g. "学校任务!E5". */
  ref: string;
}

/** An indicator of the plan, as the plan's stream says now. */
export interface PlanIndicatorEntry {
  indicatorId: string;
  sourceKey?: string;
  levelId: string;
  code: string;
  name: string;
  target: Target;
  /** The 二级指标 name, e.g. 数量指标. */
  level2: string;
}

/** A 三级 indicator of the revised 任务书, its target already in the plan's terms. */
export interface BookIndicatorEntry {
  sourceKey: string;
  code: string;
  name: string;
  level2: string;
  group: { code: string; name: string };
  target: Target;
  ref: string;
}

export type TaskField = 'title' | 'year' | 'sourceKey';
export type IndicatorField = 'name' | 'target' | 'sourceKey';

export interface AmendmentDiff {
  tasks: {
    added: BookTaskEntry[];
    removed: PlanTaskEntry[];
    changed: { before: PlanTaskEntry; after: BookTaskEntry; fields: TaskField[] }[];
    unchanged: number;
  };
  indicators: {
    added: BookIndicatorEntry[];
    removed: PlanIndicatorEntry[];
    changed: { before: PlanIndicatorEntry; after: BookIndicatorEntry; fields: IndicatorField[] }[];
    unchanged: number;
  };
}

/** The part a key belongs to: everything before its first "/". */
export const scopeOfKey = (key: string | undefined): string | undefined =>
  key === undefined ? undefined : key.split('/')[0];

const same = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/** Targets compare by meaning: whitespace in units and texts does not make a change. */
export function sameTarget(a: Target, b: Target): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'numeric': {
      const o = b as typeof a;
      return a.comparator === o.comparator && Number(a.value) === Number(o.value) && same(a.unit, o.unit);
    }
    case 'range': {
      const o = b as typeof a;
      return Number(a.min) === Number(o.min) && Number(a.max) === Number(o.max) && same(a.unit, o.unit);
    }
    case 'qualitative':
      return same(a.text, (b as typeof a).text);
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** Generic pairing in the four passes; `group` is the 二级任务 (tasks) or 二级指标 (indicators). */
function pair<P, B>(
  plan: P[],
  book: B[],
  key: { plan: (p: P) => string | undefined; book: (b: B) => string },
  text: { plan: (p: P) => string; book: (b: B) => string },
  sameGroup: (p: P, b: B) => boolean,
  near: (p: P, b: B) => boolean,
): { pairs: [P, B][]; removed: P[]; added: B[] } {
  const leftPlan = new Set(plan);
  const leftBook = new Set(book);
  const pairs: [P, B][] = [];
  const take = (p: P, b: B) => {
    leftPlan.delete(p);
    leftBook.delete(b);
    pairs.push([p, b]);
  };
  const byKey = new Map<string, P>();
  for (const p of plan) {
    const k = key.plan(p);
    if (k !== undefined) byKey.set(k, p);
  }
  for (const b of book) {
    const p = byKey.get(key.book(b));
    if (p && leftPlan.has(p) && same(text.plan(p), text.book(b))) take(p, b);
  }
  for (const preferNear of [true, false]) {
    for (const b of [...leftBook]) {
      const p = [...leftPlan].find(
        (p) => sameGroup(p, b) && same(text.plan(p), text.book(b)) && (!preferNear || near(p, b)),
      );
      if (p) take(p, b);
    }
  }
  for (const b of [...leftBook]) {
    const p = byKey.get(key.book(b));
    if (p && leftPlan.has(p)) take(p, b);
  }
  return { pairs, removed: [...leftPlan], added: [...leftBook] };
}

/** What the revised 任务书 adds, removes and changes in the plan (see the passes above). */
export function diffAmendment(
  plan: { tasks: PlanTaskEntry[]; indicators: PlanIndicatorEntry[] },
  book: { tasks: BookTaskEntry[]; indicators: BookIndicatorEntry[] },
): AmendmentDiff {
  // A plan item without a key (made before keys existed) is compared within its group by name only.
  const sameGroup = (planKey: string | undefined, bookKey: string, a = '', b = '') =>
    (planKey === undefined || scopeOfKey(planKey) === scopeOfKey(bookKey)) && same(a, b);
  const tasks = pair(
    plan.tasks,
    book.tasks,
    { plan: (p) => p.sourceKey, book: (b) => b.sourceKey },
    { plan: (p) => p.title, book: (b) => b.title },
    (p, b) => sameGroup(p.sourceKey, b.sourceKey, p.secondaryTask, b.secondaryTask),
    (p, b) => p.year === b.year,
  );
  const indicators = pair(
    plan.indicators,
    book.indicators,
    { plan: (p) => p.sourceKey, book: (b) => b.sourceKey },
    { plan: (p) => p.name, book: (b) => b.name },
    (p, b) => sameGroup(p.sourceKey, b.sourceKey, p.level2, b.level2),
    (p, b) => p.code === b.code,
  );
  const taskChanges = tasks.pairs.map(([before, after]) => {
    const fields: TaskField[] = [];
    if (!same(before.title, after.title)) fields.push('title');
    if (before.year !== after.year) fields.push('year');
    if (before.sourceKey !== after.sourceKey) fields.push('sourceKey');
    return { before, after, fields };
  });
  const indicatorChanges = indicators.pairs.map(([before, after]) => {
    const fields: IndicatorField[] = [];
    if (!same(before.name, after.name)) fields.push('name');
    if (!sameTarget(before.target, after.target)) fields.push('target');
    if (before.sourceKey !== after.sourceKey) fields.push('sourceKey');
    return { before, after, fields };
  });
  return {
    tasks: {
      added: tasks.added,
      removed: tasks.removed,
      changed: taskChanges.filter((c) => c.fields.length > 0),
      unchanged: taskChanges.filter((c) => c.fields.length === 0).length,
    },
    indicators: {
      added: indicators.added,
      removed: indicators.removed,
      changed: indicatorChanges.filter((c) => c.fields.length > 0),
      unchanged: indicatorChanges.filter((c) => c.fields.length === 0).length,
    },
  };
}

/** Nothing to amend: the file says what the plan says. */
export const isEmptyDiff = (diff: AmendmentDiff): boolean =>
  diff.tasks.added.length +
    diff.tasks.removed.length +
    diff.tasks.changed.length +
    diff.indicators.added.length +
    diff.indicators.removed.length +
    diff.indicators.changed.length ===
  0;
