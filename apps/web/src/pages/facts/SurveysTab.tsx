import { Card, Grid, Space, Table, Tag, Typography } from 'antd';
import type { SurveyListView, SurveyView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { LoadedSection } from '../../components/Page';
import { SurveyForm } from './SurveyForm';

const standingTag = (s: SurveyView) =>
  s.standing ? <Tag color="green">当前计分</Tag> : <Tag>已被较新结果取代</Tag>;

/** 满意度调查: the form to record a result, and every result recorded, latest first. */
export function SurveysTab({
  planId,
  levels,
}: {
  planId: string;
  levels: { levelId: string; name: string }[];
}) {
  const list = useApi<SurveyListView>(`/api/plans/${planId}/surveys`);
  const phone = !Grid.useBreakpoint().md;
  return (
    <>
      <SurveyForm planId={planId} levels={levels} onRecorded={list.reload} />
      <LoadedSection title="历次调查结果" loaded={list}>
        {({ surveys }) =>
          surveys.length === 0 ? (
            <Typography.Text type="secondary" data-testid="survey-list-empty">
              尚未记录满意度调查
            </Typography.Text>
          ) : phone ? (
            <Space direction="vertical" style={{ width: '100%' }} data-testid="survey-list">
              {surveys.map((s, i) => (
                <Card key={i} size="small" data-testid="survey-card">
                  <Typography.Text strong>
                    {s.levelName} · {s.respondents}
                  </Typography.Text>
                  <div>
                    满意度 {s.satisfaction}% · 有效问卷 {s.sampleSize} 份
                  </div>
                  <div>
                    调查日期 {s.effectiveDate} {standingTag(s)}
                  </div>
                </Card>
              ))}
            </Space>
          ) : (
            <Table<SurveyView>
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              rowKey={(s) => `${s.levelId}:${s.respondents}:${s.effectiveDate}:${s.recordedAt}`}
              dataSource={surveys}
              data-testid="survey-list"
              columns={[
                { title: '层面', dataIndex: 'levelName' },
                { title: '调查对象', dataIndex: 'respondents' },
                { title: '有效问卷数', dataIndex: 'sampleSize' },
                { title: '满意度', render: (_, s) => `${s.satisfaction}%` },
                { title: '调查日期', dataIndex: 'effectiveDate' },
                { title: '计分', render: (_, s) => standingTag(s) },
              ]}
            />
          )
        }
      </LoadedSection>
    </>
  );
}
