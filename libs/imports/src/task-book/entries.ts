import type { Target, TaskBook } from './model';

/**
 * The 任务书's yearly items and 三级 indicators, each with a stable key: the part ("P1" for the
 * first part), then for a task the 二级任务's code (一级 序号 and 二级 number, "1.2"), the year and
 * the item's place among that year's items ("P1/1.2/2021/3"); for an indicator its code
 * ("P1/I/1.1.1.2"). A key names a position: see the amendment diff for what happens when they shift.
 */
export interface TaskBookEntries {
  tasks: {
    sourceKey: string;
    title: string;
    year: number;
    primaryTask: string;
    secondaryTask: string;
    ref: string;
  }[];
  indicators: {
    sourceKey: string;
    code: string;
    name: string;
    level2: string;
    group: { code: string; name: string };
    target: Target;
    ref: string;
  }[];
}

export const partKey = (index: number): string => `P${index + 1}`;

/** The key of a 二级任务: the part, then the 一级 序号 and the 二级 number ("P1/1.2"). */
export function secondaryTaskKey(partIndex: number, task: { number: string; level2: string }): string {
  const level2Number = /^\s*(\d+)/.exec(task.level2)?.[1] ?? task.level2.replace(/\s+/g, '');
  return `${partKey(partIndex)}/${task.number}.${level2Number}`;
}

/** The key of the `index`-th (from 1) item of `year` in a 二级任务 ("P1/1.2/2021/3"). */
export const taskItemKey = (secondary: string, year: number, index: number): string =>
  `${secondary}/${year}/${index}`;

/** The key of a 三级 indicator: the part and its code ("P1/I/1.1.1.2"). */
export const indicatorKey = (partIndex: number, code: string): string => `${partKey(partIndex)}/I/${code}`;

export function taskBookEntries(book: TaskBook): TaskBookEntries {
  const entries: TaskBookEntries = { tasks: [], indicators: [] };
  book.parts.forEach((part, p) => {
    for (const task of part.tasks) {
      const secondary = secondaryTaskKey(p, task);
      const perYear = new Map<number, number>();
      for (const item of task.items) {
        const index = (perYear.get(item.year) ?? 0) + 1;
        perYear.set(item.year, index);
        entries.tasks.push({
          sourceKey: taskItemKey(secondary, item.year, index),
          title: item.text,
          year: item.year,
          primaryTask: task.level1,
          secondaryTask: task.level2,
          ref: item.ref,
        });
      }
    }
    for (const indicator of part.indicators) {
      entries.indicators.push({
        sourceKey: indicatorKey(p, indicator.code),
        code: indicator.code,
        name: indicator.name,
        level2: indicator.level2.name,
        group: indicator.group ?? indicator.level2,
        target: indicator.target,
        ref: indicator.ref,
      });
    }
  });
  return entries;
}
