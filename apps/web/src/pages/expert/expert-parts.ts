import type { IndicatorScore, ScoreReport } from '@sg/contracts';

/** Every indicator of the score tree, in the tables' order. */
export const indicatorsOf = (report: ScoreReport): IndicatorScore[] =>
  report.levels.flatMap((l) =>
    l.categories.flatMap((c) => c.subcategories.flatMap((s) => s.rows.flatMap((r) => r.indicators))),
  );

/** An ISO instant in China's calendar (where the accounts' ends are set), to the minute. */
export const instantText = (iso: string): string =>
  new Intl.DateTimeFormat('zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
    hour12: false,
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
