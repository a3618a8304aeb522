import { Button, Col, Grid, Row, Space, Typography } from 'antd';
import type {
  AchievementsView,
  FundsView,
  PlanCompletion,
  RectificationProgress,
  ScoreReport,
  WarningsView,
} from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { AsOfControl, useAsOf } from '../../components/AsOf';
import { LoadedView, NoPlan, PageHeader, Section } from '../../components/Page';
import { useSession } from '../../session';
import { useBasis } from '../../components/Basis';
import { AchievementsSection } from './AchievementsSection';
import { CompletionSection } from './CompletionSection';
import { FundsSection } from './FundsSection';
import { KeyFigures } from './KeyFigures';
import { ScoreTree } from './ScoreTree';
import { TaskFundsSection } from './TaskFundsSection';
import { WarningsSection } from './WarningsSection';

/** 总览: completion, scores, warnings, funds and achievements, all as of the chosen date and knowledge time. */
export default function DashboardPage() {
  const phone = !Grid.useBreakpoint().md;
  const { plan } = useSession();
  const asOf = useAsOf();
  const basis = useBasis();
  const base = plan ? `/api/plans/${plan.planId}` : null;
  const completion = useApi<PlanCompletion>(base && `${base}/completion`, { ...asOf, basis });
  const scores = useApi<ScoreReport>(base && `${base}/scores`, { ...asOf });
  const warnings = useApi<WarningsView>(base && `${base}/warnings`, { ...asOf });
  const funds = useApi<FundsView>(base && `${base}/funds`, { ...asOf });
  const achievements = useApi<AchievementsView>(base && `${base}/achievements`, { ...asOf });
  // 整改 progress is the current state: it takes no as-of.
  const rectification = useApi<RectificationProgress>(base && `${base}/rectification-progress`);

  if (!plan) return <NoPlan />;
  const levelName = (levelId: string) =>
    completion.data?.levels.find((l) => l.levelId === levelId)?.name ?? '层面';

  return (
    <div data-testid="page-dashboard">
      <PageHeader
        title={`总览 · ${plan.school}`}
        extra={
          <Space wrap>
            <Button href={`/screen?plan=${plan.planId}`} target="_blank" data-testid="open-screen">
              数据大屏
            </Button>
            <AsOfControl />
          </Space>
        }
      />

      <KeyFigures completion={completion} scores={scores} warnings={warnings} funds={funds} />

      {rectification.data && rectification.data.total > 0 && (
        <Section title="整改进展（当前）">
          <Typography.Text data-testid="rectification-summary">
            整改问题 {rectification.data.total} 个：待分派 {rectification.data.byStatus.entered} · 整改中{' '}
            {rectification.data.byStatus.assigned} · 待审核 {rectification.data.byStatus['in-review']} ·
            已退回 {rectification.data.byStatus.returned} · 已销号 {rectification.data.byStatus.closed}；
            <Typography.Text type={rectification.data.overdue > 0 ? 'danger' : undefined}>
              逾期未销号 {rectification.data.overdue} 个
            </Typography.Text>
          </Typography.Text>
        </Section>
      )}

      <CompletionSection completion={completion} basis={basis} phone={phone} />

      <Section title="绩效得分">
        <LoadedView loaded={scores}>{(data) => <ScoreTree report={data} />}</LoadedView>
      </Section>

      <WarningsSection warnings={warnings} />

      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <FundsSection funds={funds} />
        </Col>
        <Col xs={24} lg={10}>
          <AchievementsSection achievements={achievements} levelName={levelName} />
        </Col>
      </Row>

      <TaskFundsSection base={base!} asOf={asOf} phone={phone} levelName={levelName} />
    </div>
  );
}
