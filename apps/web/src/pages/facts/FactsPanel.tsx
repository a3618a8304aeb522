import { Tabs } from 'antd';
import { usePlanLookups } from '../../api/lookups';
import { useSession } from '../../session';
import { FundsForm } from './FundsForm';
import { IndicatorValueForm } from './IndicatorValueForm';
import { NotificationSettingsForm } from './NotificationSettingsForm';
import { SurveysTab } from './SurveysTab';

/** 数据填报: the facts the office records for a plan, each with the API's own checks and refusals. */
export function FactsPanel({ planId }: { planId: string }) {
  const lookups = usePlanLookups(planId);
  const plan = useSession().plans.find((p) => p.planId === planId);
  return (
    <Tabs
      type="card"
      size="small"
      items={[
        {
          key: 'funds',
          label: '资金',
          children: <FundsForm planId={planId} levels={lookups.levels} years={plan} />,
        },
        {
          key: 'survey',
          label: '满意度调查',
          children: <SurveysTab planId={planId} levels={lookups.levels} />,
        },
        {
          key: 'indicator',
          label: '指标完成值',
          children: <IndicatorValueForm planId={planId} indicators={lookups.indicators} />,
        },
        { key: 'settings', label: '提醒与简报设置', children: <NotificationSettingsForm planId={planId} /> },
      ]}
    />
  );
}
