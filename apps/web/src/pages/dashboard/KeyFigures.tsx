import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { FundsView, PlanCompletion, ScoreReport, WarningsView } from '@sg/contracts';
import type { Loaded } from '../../api/use-api';
import { basisText } from '../../components/Basis';
import { GradeTag } from '../../components/Figures';

/** The four headline figures: 完成率, 加权总分, 预警 and 资金执行率. */
export function KeyFigures({
  completion,
  scores,
  warnings,
  funds,
}: {
  completion: Loaded<PlanCompletion>;
  scores: Loaded<ScoreReport>;
  warnings: Loaded<WarningsView>;
  funds: Loaded<FundsView>;
}) {
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title="建设任务完成率"
            value={completion.data?.display.rate ?? '—'}
            loading={!completion.data && !completion.error}
          />
          {completion.data && (
            <>
              <Typography.Text type="secondary">
                完成 {completion.data.display.completed} / {completion.data.display.total} 项
              </Typography.Text>
              <br />
              <Typography.Text type="secondary" data-testid="completion-basis">
                {basisText(completion.data)}
              </Typography.Text>
            </>
          )}
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title="加权总分"
            value={scores.data?.display.total ?? '—'}
            loading={!scores.data && !scores.error}
            suffix={scores.data && <GradeTag grade={scores.data.grade} />}
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title="预警"
            value={warnings.data ? warnings.data.warnings.length : '—'}
            loading={!warnings.data && !warnings.error}
            suffix="项"
          />
          {warnings.data && (
            <Typography.Text type="secondary">
              严重 {warnings.data.counts['严重'] ?? 0} · 中度 {warnings.data.counts['中度'] ?? 0} · 轻度{' '}
              {warnings.data.counts['轻度'] ?? 0}
            </Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title="资金执行率"
            value={funds.data?.display.executionRate ?? '—'}
            loading={!funds.data && !funds.error}
          />
          {funds.data && (
            <Typography.Text type="secondary">到位率 {funds.data.display.arrivalRate}</Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}
