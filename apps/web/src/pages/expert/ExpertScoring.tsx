import { App, Button, Descriptions, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ExpertReviewView, ExpertScoreView, IndicatorScore, ScoreReport } from '@sg/contracts';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { DownloadButton } from '../../components/DownloadButton';
import { ActionError } from '../../components/ErrorAlert';
import { LoadedView, PageHeader, Section } from '../../components/Page';
import { useAction } from '../../components/use-action';
import { actualText, targetText } from '../../api/figures';
import { indicatorsOf, instantText } from './expert-parts';

type ReviewDetail = ExpertReviewView & { myScores: ExpertScoreView[] };

/** One indicator: the school's figures and self-score, and the expert's own score and comment. */
function IndicatorItem({
  reviewId,
  indicator,
  mine,
  onSaved,
}: {
  reviewId: string;
  indicator: IndicatorScore;
  mine: ExpertScoreView | undefined;
  onSaved: () => void;
}) {
  const [score, setScore] = useState(mine?.score ?? '');
  const [comment, setComment] = useState(mine?.comment ?? '');
  const { busy, error, run } = useAction();
  const { message } = App.useApp();
  const save = () =>
    run(async () => {
      await api(`/api/expert-reviews/${reviewId}/scores`, {
        method: 'POST',
        body: { indicatorId: indicator.indicatorId, score: score.trim(), comment },
      });
      message.success(`已保存「${indicator.name}」的评分`);
      onSaved();
    });
  return (
    <List.Item data-testid="expert-indicator">
      <div style={{ width: '100%', minWidth: 0 }}>
        <Space wrap size={4}>
          <Typography.Text strong>
            {indicator.code} {indicator.name}
          </Typography.Text>
          {mine ? <Tag color="success">已评 {mine.score} 分</Tag> : <Tag>未评分</Tag>}
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
          目标：{targetText(indicator.target)} · 实际：{actualText(indicator.actual)} · 分值{' '}
          {indicator.points} · 学校自评得分 {indicator.assessment?.score ?? '0'}
        </Typography.Paragraph>
        <Space wrap align="start" style={{ width: '100%' }}>
          <Input
            aria-label={`${indicator.code} 专家评分`}
            placeholder={`评分（0–${indicator.points}）`}
            value={score}
            onChange={(e) => setScore(e.target.value)}
            style={{ width: 140 }}
          />
          <Button type="primary" loading={busy} onClick={() => void save()}>
            保存评分
          </Button>
        </Space>
        <Input.TextArea
          aria-label={`${indicator.code} 评审意见`}
          placeholder="评审意见"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
          style={{ marginTop: 8 }}
        />
        <ActionError error={error} style={{ marginTop: 8 }} />
      </div>
    </List.Item>
  );
}

/**
 * What an invited expert works with, and only that: the evidence package and the school's report
 * for the review's period, the self-scores as of its end, and their own score and comment per indicator.
 */
export function ExpertScoring({ review }: { review: ExpertReviewView }) {
  const detail = useApi<ReviewDetail>(`/api/expert-reviews/${review.reviewId}`);
  const scores = useApi<ScoreReport>(`/api/plans/${review.planId}/scores`, { cutoff: review.period.to });
  const cutoff = { cutoff: review.period.to };
  return (
    <div data-testid="expert-scoring">
      <PageHeader title={review.title} />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'period', label: '评审期间', children: `${review.period.from} 至 ${review.period.to}` },
          { key: 'until', label: '账号有效期至', children: instantText(review.accessUntil) },
          { key: 'asOf', label: '数据截至', children: review.period.to },
        ]}
      />
      <Section title="评审材料">
        <Space wrap align="start">
          <DownloadButton
            path={`/api/plans/${review.planId}/exports/self-evaluation.docx`}
            query={cutoff}
            fileName={`学校绩效自评报告-${review.period.to}.docx`}
          >
            学校绩效自评报告（DOCX）
          </DownloadButton>
          <DownloadButton
            path={`/api/plans/${review.planId}/exports/evidence-package.zip`}
            query={cutoff}
            fileName={`佐证材料包-${review.period.to}.zip`}
          >
            佐证材料包（ZIP）
          </DownloadButton>
        </Space>
      </Section>
      <LoadedView loaded={scores}>
        {(report) => (
          <>
            <Section title="学校自评得分">
              <Space wrap size={[16, 4]} data-testid="expert-self-total">
                <Typography.Text>
                  加权总分 <b>{report.display.total}</b>，等级 {report.grade}
                </Typography.Text>
                {report.levels.map((l) => (
                  <Typography.Text key={l.levelId} type="secondary">
                    {l.name}：{l.display.total}
                  </Typography.Text>
                ))}
              </Space>
            </Section>
            <Section title="按指标评分">
              <LoadedView loaded={detail}>
                {(d) =>
                  indicatorsOf(report).length === 0 ? (
                    <Empty description="该方案尚无绩效指标。" />
                  ) : (
                    <List
                      dataSource={indicatorsOf(report)}
                      rowKey="indicatorId"
                      renderItem={(indicator) => (
                        <IndicatorItem
                          reviewId={review.reviewId}
                          indicator={indicator}
                          mine={d.myScores.find((s) => s.indicatorId === indicator.indicatorId)}
                          onSaved={detail.reload}
                        />
                      )}
                    />
                  )
                }
              </LoadedView>
            </Section>
          </>
        )}
      </LoadedView>
    </div>
  );
}
