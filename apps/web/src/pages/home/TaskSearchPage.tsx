import { TASK_STATES, type TaskState } from '@sg/contracts';
import { NoPlan, PageHeader } from '../../components/Page';
import { useLocation } from '../../router';
import { useSession } from '../../session';
import { TaskSearchList } from './TaskSearchList';

/** 任务查询: every task of the plan the reader may open, by name, code, owner, year, state or project. */
export default function TaskSearchPage() {
  const { plan } = useSession();
  const { search } = useLocation();
  if (!plan) return <NoPlan />;
  const state = search.get('state');
  const year = Number(search.get('year'));
  return (
    <div data-testid="page-search">
      <PageHeader title="任务查询" />
      <TaskSearchList
        key={plan.planId + search.toString()}
        planId={plan.planId}
        initial={{
          q: search.get('q') ?? undefined,
          code: search.get('code') ?? undefined,
          owner: search.get('owner') ?? undefined,
          year: Number.isInteger(year) && year > 0 ? year : undefined,
          state: (TASK_STATES as readonly string[]).includes(state ?? '') ? (state as TaskState) : undefined,
        }}
      />
    </div>
  );
}
