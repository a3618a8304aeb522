import { Button, Empty, Modal, Select, Tabs, Typography } from 'antd';
import { useState } from 'react';
import type { CampaignSummaryView, PlanSummary } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { LoadedView, NoPlan, PageHeader } from '../../components/Page';
import { navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { OpenCampaignForm } from './OpenCampaignForm';
import { OverviewView } from './OverviewView';
import { ReportPage } from './ReportPage';
import { TodoView } from './TodoView';

/** The office's 开展绩效自评 button and its form; on success the new campaign's overview. */
function OpenCampaignButton({ plan, onOpened }: { plan: PlanSummary; onOpened: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        开展绩效自评
      </Button>
      <Modal
        open={open}
        title="开展绩效自评"
        footer={null}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        width={640}
      >
        <OpenCampaignForm
          plan={plan}
          onOpened={(campaignId) => {
            setOpen(false);
            navigate(`/campaigns?campaign=${campaignId}&view=overview`);
            onOpened();
          }}
        />
      </Modal>
    </>
  );
}

/** 绩效自评: my to-do, the office's overview of who has and has not submitted, and each layer report. */
export default function CampaignsPage() {
  const { plan, can } = useSession();
  const { path, search } = useLocation();
  const match = /^\/campaigns\/([0-9a-f-]+)\/reports\/([0-9a-f-]+)/.exec(path);
  const list = useApi<CampaignSummaryView[]>(plan ? `/api/plans/${plan.planId}/campaigns` : null);
  if (!plan) return <NoPlan />;
  if (match) return <ReportPage campaignId={match[1]} reportId={match[2]} />;
  const office = can.officeOf(plan.planId);
  const opener = office && <OpenCampaignButton plan={plan} onOpened={list.reload} />;
  return (
    <div data-testid="page-campaigns">
      <LoadedView loaded={list}>
        {(campaigns) => {
          const current = campaigns.find((c) => c.campaignId === search.get('campaign')) ?? campaigns[0];
          if (!current)
            return (
              <Empty description="尚未开展绩效自评。项目办开展自评后，这里会列出您要撰写的报告。">
                {opener}
              </Empty>
            );
          return (
            <>
              <PageHeader
                title={current.title}
                extra={
                  <>
                    <Typography.Text type="secondary">
                      {current.periodStart} 至 {current.periodEnd} · 数据截至 {current.cutoff}
                    </Typography.Text>
                    {campaigns.length > 1 && (
                      <Select
                        aria-label="选择自评"
                        value={current.campaignId}
                        style={{ minWidth: 200, maxWidth: '90vw' }}
                        options={campaigns.map((c) => ({ value: c.campaignId, label: c.title }))}
                        onChange={(id) => navigate(`/campaigns?campaign=${id}`)}
                      />
                    )}
                    {opener}
                  </>
                }
              />
              <Tabs
                key={current.campaignId}
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
