import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { FundsView, PlanCompletion, ScoreReport, WarningsView } from '@sg/contracts';
import type { Loaded } from '../../api/use-api';
import { basisText } from '../../components/Basis';
import { GradeTag } from '../../components/Figures';

/** One headline figure: a dash while it loads or failed, with secondary lines under it once loaded. */
function FigureCard<T>({
  title,
  loaded,
  value,
  suffix,
  children,
}: {
  title: string;
  loaded: Loaded<T>;
  value: (data: T) => string | number;
  /** Called before the data has come too (with undefined). */
  suffix?: (data: T | undefined) => ReactNode;
  children?: (data: T) => ReactNode;
}) {
  const { data } = loaded;
  return (
    <Col xs={12} md={6}>
      <Card size="small">
        <Statistic
          title={title}
          value={data ? value(data) : '—'}
          loading={!data && !loaded.error}
          suffix={suffix?.(data)}
        />
        {data && children?.(data)}
      </Card>
    </Col>
  );
}

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
      <FigureCard title="建设任务完成率" loaded={completion} value={(c) => c.display.rate}>
        {(c) => (
          <>
            <Typography.Text type="secondary">
              完成 {c.display.completed} / {c.display.total} 项
            </Typography.Text>
            <br />
            <Typography.Text type="secondary" data-testid="completion-basis">
              {basisText(c)}
            </Typography.Text>
          </>
        )}
      </FigureCard>
      <FigureCard
        title="加权总分"
        loaded={scores}
        value={(s) => s.display.total}
        suffix={(s) => s && <GradeTag grade={s.grade} />}
      />
      <FigureCard title="预警" loaded={warnings} value={(w) => w.warnings.length} suffix={() => '项'}>
        {(w) => (
          <Typography.Text type="secondary">
            严重 {w.counts['严重'] ?? 0} · 中度 {w.counts['中度'] ?? 0} · 轻度 {w.counts['轻度'] ?? 0}
          </Typography.Text>
        )}
      </FigureCard>
      <FigureCard title="资金执行率" loaded={funds} value={(f) => f.display.executionRate}>
        {(f) => <Typography.Text type="secondary">到位率 {f.display.arrivalRate}</Typography.Text>}
      </FigureCard>
    </Row>
  );
}
