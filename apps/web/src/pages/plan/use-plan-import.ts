import { App } from 'antd';
import { useState } from 'react';
import { useAction } from '../../components/use-action';
import { useSession } from '../../session';

/**
 * An upload that creates a plan: its progress from 0 while one runs (`withProgress`), its refusal
 * (`error`), and `created`, which says so and switches to the new plan.
 */
export function usePlanImport() {
  const { message } = App.useApp();
  const { reloadPlans, selectPlan } = useSession();
  const [progress, setProgress] = useState<number | null>(null);
  const action = useAction();
  const withProgress = (work: () => Promise<void>) =>
    action.run(async () => {
      setProgress(0);
      try {
        await work();
      } finally {
        setProgress(null);
      }
    });
  const created = async (planId: string | undefined) => {
    message.success('导入成功，已创建新的建设方案');
    await reloadPlans();
    if (planId) selectPlan(planId);
  };
  return { ...action, progress, setProgress, withProgress, created };
}
