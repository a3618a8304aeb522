import { Empty, Tabs, Typography } from 'antd';
import type { CampaignSummaryView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { LoadedView, NoPlan, PageHeader } from '../../components/Page';
import { useLocation } from '../../router';
import { useSession } from '../../session';
import { OverviewView } from './OverviewView';
import { ReportPage } from './ReportPage';
import { TodoView } from './TodoView';

/** 绩效自评: my to-do, the office's overview of who has and has not submitted, and each layer report. */
export default function CampaignsPage() {
  const { plan, can } = useSession();
  const { path, search } = useLocation();
  const match = /^\/campaigns\/([0-9a-f-]+)\/reports\/([0-9a-f-]+)/.exec(path);
  const list = useApi<CampaignSummaryView[]>(plan ? `/api/plans/${plan.planId}/campaigns` : null);
  if (!plan) return <NoPlan />;
  if (match) return <ReportPage campaignId={match[1]} reportId={match[2]} />;
  const office = can.officeOf(plan.planId);
  return (
    <div data-testid="page-campaigns">
      <LoadedView loaded={list}>
        {(campaigns) => {
          const current = campaigns.find((c) => c.campaignId === search.get('campaign')) ?? campaigns[0];
          if (!current)
            return <Empty description="尚未开展绩效自评。项目办开展自评后，这里会列出您要撰写的报告。" />;
          return (
            <>
              <PageHeader
                title={current.title}
                extra={
                  <Typography.Text type="secondary">
                    {current.periodStart} 至 {current.periodEnd} · 数据截至 {current.cutoff}
                  </Typography.Text>
                }
              />
              <Tabs
                defaultActiveKey={search.get('view') ?? 'todo'}
                items={[
                  {
                    key: 'todo',
                    label: '我的自评待办',
                    children: <TodoView campaignId={current.campaignId} />,
                  },
                  ...(office
                    ? [
                        {
                          key: 'overview',
                          label: '提交情况总览',
                          children: <OverviewView campaignId={current.campaignId} />,
                        },
                      ]
                    : []),
                ]}
              />
            </>
          );
        }}
      </LoadedView>
    </div>
  );
}
