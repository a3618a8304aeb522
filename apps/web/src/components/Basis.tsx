import { Segmented } from 'antd';
import {
  COMPLETION_BASES,
  COMPLETION_BASIS_LABELS,
  type CompletionBasis,
  type PlanCompletion,
} from '@sg/contracts';
import { setQuery, useLocation } from '../router';

/** The completion basis (口径), kept in the address (`?basis=due`) like the as-of dates. */
export function useBasis(): CompletionBasis {
  const value = useLocation().search.get('basis');
  return COMPLETION_BASES.find((basis) => basis === value) ?? 'all';
}

/** Switches the figures between all tasks and the tasks due by the cut-off. */
export function BasisControl({ basis }: { basis: CompletionBasis }) {
  return (
    <Segmented<CompletionBasis>
      size="small"
      aria-label="统计口径"
      data-testid="basis-control"
      value={basis}
      options={COMPLETION_BASES.map((value) => ({ value, label: COMPLETION_BASIS_LABELS[value] }))}
      onChange={(value) => setQuery({ basis: value === 'all' ? undefined : value })}
    />
  );
}

/** What the answer says it counted: the basis, and for `due` the date due dates were compared with. */
export function basisText(data: PlanCompletion): string {
  return data.basis === 'due'
    ? `口径：${COMPLETION_BASIS_LABELS.due}（完成期限不晚于 ${data.dueBy}）`
    : `口径：${COMPLETION_BASIS_LABELS.all}`;
}
