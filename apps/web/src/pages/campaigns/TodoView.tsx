import { Button, Empty, Space, Typography } from 'antd';
import type { CampaignTodo } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { LoadedView, Section } from '../../components/Page';
import { navigate } from '../../router';
import { CaseTag, ListSection, reportPath, ScopeFigureTables, StatusTags } from './campaign-parts';
import { TypicalCaseButton } from './TypicalCaseButton';

/** My to-do: reports to write with my scope's figures, reports to sign, 典型案例 to write. */
export function TodoView({ campaignId }: { campaignId: string }) {
  const loaded = useApi<CampaignTodo>(`/api/campaigns/${campaignId}/todo`);
  return (
    <LoadedView loaded={loaded}>
      {(todo) =>
        todo.write.length + todo.sign.length + todo.typicalCases.length === 0 ? (
          <Empty description="本次自评没有需要您撰写或签署的报告。" />
        ) : (
          <div data-testid="campaign-todo">
            {todo.write.map((r) => (
              <Section
                key={r.reportId}
                title={
                  <Space wrap>
                    <span>{r.title}</span>
                    <StatusTags report={r} />
                  </Space>
                }
                extra={
                  <Button
                    type="primary"
                    size="small"
                    onClick={() => navigate(reportPath(campaignId, r.reportId))}
                  >
                    {r.status === 'draft' || r.status === 'returned' ? '撰写报告' : '查看报告'}
                  </Button>
                }
              >
                <Typography.Paragraph type="secondary">
                  {r.layerName} · 截止 {r.closes}
                  {r.returnReason ? ` · 退回原因：${r.returnReason}` : ''}
                </Typography.Paragraph>
                <ScopeFigureTables figures={r.figures} />
              </Section>
            ))}
            <ListSection
              title="待我签署意见"
              items={todo.sign}
              action={(r) => (
                <Button size="small" onClick={() => navigate(reportPath(campaignId, r.reportId))}>
                  查看并签署
                </Button>
              )}
              renderItem={(r) => (
                <Space wrap>
                  {r.title}
                  <StatusTags report={r} />
                </Space>
              )}
            />
            <ListSection
              title="典型案例（省级及以上标志性成果）"
              items={todo.typicalCases}
              action={(c) => <TypicalCaseButton campaignId={campaignId} item={c} onSaved={loaded.reload} />}
              renderItem={(c) => (
                <Space wrap>
                  {c.achievement}
                  <CaseTag item={c} missing="default" />
                </Space>
              )}
            />
          </div>
        )
      }
    </LoadedView>
  );
}
