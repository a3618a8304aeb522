import { useMemo } from 'react';
import type { IndicatorScore, PlanCompletion, ScoreReport } from '@sg/contracts';
import { useApi } from './use-api';

/** Names of a plan's levels and indicators, for showing what a submission refers to. */
export function usePlanLookups(planId: string | null | undefined) {
  const scores = useApi<ScoreReport>(planId ? `/api/plans/${planId}/scores` : null);
  const completion = useApi<PlanCompletion>(planId ? `/api/plans/${planId}/completion` : null);
  return useMemo(() => {
    const indicators: (IndicatorScore & { levelName: string })[] = [];
    for (const level of scores.data?.levels ?? [])
      for (const c of level.categories)
        for (const s of c.subcategories)
          for (const r of s.rows)
            for (const i of r.indicators) indicators.push({ ...i, levelName: level.name });
    const levels = completion.data?.levels.map((l) => ({ levelId: l.levelId, name: l.name })) ?? [];
    return {
      indicators,
      levels,
      indicatorName: (id: string) => {
        const i = indicators.find((x) => x.indicatorId === id);
        return i ? `${i.code} ${i.name}` : '指标';
      },
      levelName: (id: string) => levels.find((l) => l.levelId === id)?.name ?? '层面',
    };
  }, [scores.data, completion.data]);
}
