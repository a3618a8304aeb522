import { Button, Card, Col, Grid, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type {
  AchievementsView,
  FundsView,
  IndicatorScore,
  PlanCompletion,
  RectificationProgress,
  ScoreReport,
  WarningsView,
} from '@sg/contracts';
import { actualText, targetText } from '../../api/figures';
import { useApi } from '../../api/use-api';
import { AsOfControl, useAsOf } from '../../components/AsOf';
import { Chart } from '../../components/Chart';
import { FundsBySourceTable } from '../../components/FundsTable';
import { GradeTag, RateBar } from '../../components/Figures';
import { LoadedView, NoPlan, PageHeader, Section } from '../../components/Page';
import { useSession } from '../../session';
import { BasisControl, basisText, useBasis } from '../../components/Basis';
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

      <Section title="建设任务完成情况" extra={<BasisControl basis={basis} />}>
        <LoadedView loaded={completion}>
          {(data) => (
            <>
              <div style={{ marginBottom: 12 }}>
                <Typography.Text strong>全方案</Typography.Text>{' '}
                <Typography.Text type="secondary">{basisText(data)}</Typography.Text>
                <RateBar rate={data.rate} display={data.display.rate} />
              </div>
              {phone ? (
                // A phone lists each project as a line with its 完成率 in sight, no sideways scrolling.
                <div data-testid="completion-cards">
                  {data.levels.map((level) => (
                    <Card key={level.levelId} size="small" style={{ marginBottom: 8 }} title={level.name}>
                      <RateBar rate={level.rate} display={level.display.rate} size="small" />
                      {level.projects.map((p) => (
                        <div key={p.projectId} style={{ marginTop: 8 }} data-testid="project-rate">
                          <div style={{ overflowWrap: 'anywhere' }}>
                            项目{p.code} {p.name}
                            <Typography.Text type="secondary">
                              {' '}
                              （完成 {p.display.completed} / {p.display.total}
                              {p.display.remark ? `，${p.display.remark}` : ''}）
                            </Typography.Text>
                          </div>
                          <RateBar rate={p.rate} display={p.display.rate} size="small" />
                        </div>
                      ))}
                    </Card>
                  ))}
                </div>
              ) : (
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  scroll={{ x: 720 }}
                  data-testid="completion-table"
                  expandable={{ defaultExpandAllRows: true }}
                  dataSource={data.levels.map((level) => ({
                    key: level.levelId,
                    name: level.name,
                    display: level.display,
                    rate: level.rate,
                    children: level.projects.map((p) => ({
                      key: p.projectId,
                      name: `项目${p.code} ${p.name}`,
                      display: p.display,
                      rate: p.rate,
                    })),
                  }))}
                  columns={[
                    { title: '层面 / 项目', dataIndex: 'name', width: 320 },
                    { title: '任务数', render: (_, r) => r.display.total, width: 80 },
                    { title: '完成数', render: (_, r) => r.display.completed, width: 80 },
                    {
                      title: '完成率',
                      width: 220,
                      render: (_, r) => <RateBar rate={r.rate} display={r.display.rate} size="small" />,
                    },
                    { title: '备注', render: (_, r) => r.display.remark, width: 130 },
                  ]}
                />
              )}
              <Chart
                label="各项目完成率"
                height={Math.max(240, data.levels.reduce((n, l) => n + l.projects.length, 0) * 22)}
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
                  xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                  yAxis: {
                    type: 'category',
                    inverse: true,
                    data: data.levels.flatMap((l) =>
                      l.projects.map((p) => `${l.name.slice(0, 2)} 项目${p.code}`),
                    ),
                  },
                  series: [
                    {
                      type: 'bar',
                      name: '完成率',
                      data: data.levels.flatMap((l) =>
                        l.projects.map((p) => Math.min(100, Number(p.rate) * 100)),
                      ),
                      label: {
                        show: true,
                        position: 'right',
                        formatter: (p: { dataIndex: number }) =>
                          data.levels.flatMap((l) => l.projects)[p.dataIndex]?.display.rate ?? '',
                      },
                    },
                  ],
                }}
              />
            </>
          )}
        </LoadedView>
      </Section>

      <Section title="绩效得分">
        <LoadedView loaded={scores}>{(data) => <ScoreTree report={data} />}</LoadedView>
      </Section>

      <Section title="预警（只计已到期的任务与已到期的年度里程碑，最严重的在前）">
        <LoadedView loaded={warnings}>
          {(data) => (
            <Table
              size="small"
              rowKey={(w) => `${w.scope}:${w.taskId ?? w.projectCode}:${w.level}`}
              dataSource={data.warnings}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              scroll={{ x: 760 }}
              data-testid="warnings-table"
              columns={[
                {
                  title: '程度',
                  dataIndex: 'grade',
                  width: 70,
                  render: (g: string) => <GradeTag grade={g} />,
                },
                { title: '层面', dataIndex: 'level', width: 110 },
                {
                  title: '项目 / 任务',
                  render: (_, w) =>
                    w.scope === 'task' ? (
                      <>
                        项目{w.projectCode} · {w.title}
                      </>
                    ) : (
                      <>
                        项目{w.projectCode} {w.projectName}（整体）
                      </>
                    ),
                },
                { title: '应完成', width: 80, render: (_, w) => w.display.expected },
                { title: '实际', width: 80, render: (_, w) => w.display.actual },
                { title: '落后', width: 80, render: (_, w) => w.display.gap },
                { title: '依据', dataIndex: 'basis', width: 90 },
              ]}
            />
          )}
        </LoadedView>
      </Section>

      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Section title="资金到位率与执行率（按来源）">
            <LoadedView loaded={funds}>
              {(data) => (
                <>
                  <FundsBySourceTable funds={data} testId="funds-table" />
                  <Chart
                    label="各来源预算、到位与支出"
                    height={260}
                    option={{
                      tooltip: { trigger: 'axis' },
                      legend: { top: 0 },
                      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
                      xAxis: { type: 'category', data: data.bySource.map((s) => s.source) },
                      yAxis: { type: 'value', name: '万元' },
                      series: [
                        { type: 'bar', name: '预算', data: data.bySource.map((s) => Number(s.budget)) },
                        { type: 'bar', name: '到位', data: data.bySource.map((s) => Number(s.arrived)) },
                        { type: 'bar', name: '支出', data: data.bySource.map((s) => Number(s.spent)) },
                      ],
                    }}
                  />
                </>
              )}
            </LoadedView>
          </Section>
        </Col>
        <Col xs={24} lg={10}>
          <Section title="标志性成果（按层面）">
            <LoadedView loaded={achievements}>
              {(data) =>
                data.total === 0 ? (
                  <Typography.Text type="secondary">截至所选日期，尚无登记的标志性成果。</Typography.Text>
                ) : (
                  <Table
                    size="small"
                    rowKey="levelId"
                    pagination={false}
                    dataSource={data.levels}
                    expandable={{
                      expandedRowRender: (level) => (
                        <ul style={{ margin: 0 }}>
                          {level.achievements.map((a) => (
                            <li key={a.achievementId}>
                              <Tag color={a.tier === 'national' ? 'red' : 'blue'}>
                                {a.tier === 'national' ? '国家级' : '省级'}
                              </Tag>
                              {a.title}（{a.attribution}，{a.awardedOn}）
                            </li>
                          ))}
                        </ul>
                      ),
                    }}
                    columns={[
                      { title: '层面', render: (_, l) => levelName(l.levelId) },
                      { title: '国家级', dataIndex: 'national' },
                      { title: '省级', dataIndex: 'regional' },
                      { title: '合计', dataIndex: 'total' },
                    ]}
                  />
                )
              }
            </LoadedView>
          </Section>
        </Col>
      </Row>
    </div>
  );
}

interface TreeRow {
  key: string;
  name: string;
  points?: string;
  count?: string;
  completed?: string;
  rate?: string;
  score: string;
  remark?: string;
  indicator?: IndicatorScore;
  children?: TreeRow[];
}

/** The score tree: level → 一级 → 二级 → table row → indicator, with level totals, weighted total and grade. */
function ScoreTree({ report }: { report: ScoreReport }) {
  const rows: TreeRow[] = report.levels.map((level) => ({
    key: level.levelId,
    name: `${level.name}（权重 ${level.display.weight}，等级 ${level.grade}）`,
    score: level.display.total,
    children: level.categories.map((c) => ({
      key: `${level.levelId}:${c.category}`,
      name: c.name,
      points: c.display.points,
      score: c.display.score,
      children: c.subcategories.map((s) => ({
        key: `${level.levelId}:${s.subcategory}`,
        name: s.name,
        points: s.points,
        count: s.display.count,
        completed: s.display.completed,
        rate: s.display.rate,
        score: s.display.score,
        children: s.rows.map((r) => ({
          key: `${level.levelId}:${s.subcategory}:${r.code}`,
          name: `${r.code} ${r.name}`,
          points: r.points,
          count: r.display.count,
          completed: r.display.completed,
          rate: r.display.rate,
          score: r.display.score,
          remark: r.remark,
          children: r.indicators.map((i) => ({
            key: i.indicatorId,
            name: `${i.code} ${i.name}`,
            points: i.points,
            score: i.assessment?.score ?? '—',
            indicator: i,
          })),
        })),
      })),
    })),
  }));
  const columns: ColumnsType<TreeRow> = [
    { title: '指标', dataIndex: 'name', width: 360 },
    { title: '分值', dataIndex: 'points', width: 70 },
    { title: '指标数', dataIndex: 'count', width: 70 },
    { title: '完成数', dataIndex: 'completed', width: 70 },
    { title: '完成率', dataIndex: 'rate', width: 80 },
    { title: '得分', dataIndex: 'score', width: 70 },
    {
      title: '目标值 / 实际值 / 备注',
      width: 220,
      render: (_, r) =>
        r.indicator
          ? `${targetText(r.indicator.target)} / ${actualText(r.indicator.actual)}`
          : (r.remark ?? ''),
    },
  ];
  return (
    <Row gutter={16}>
      <Col xs={24} lg={8}>
        <Chart
          label="加权总分"
          height={240}
          option={{
            series: [
              {
                type: 'gauge',
                min: 0,
                max: 100,
                progress: { show: true, width: 12 },
                axisLine: { lineStyle: { width: 12 } },
                axisTick: { show: false },
                splitLine: { length: 8, distance: 4 },
                axisLabel: { distance: 16, fontSize: 10 },
                pointer: { width: 4, length: '55%' },
                title: { show: false },
                detail: {
                  formatter: () => `${report.display.total}（${report.grade}）`,
                  fontSize: 20,
                  offsetCenter: [0, '78%'],
                },
                data: [{ value: Number(report.total), name: '加权总分' }],
              },
            ],
          }}
        />
        <Table
          size="small"
          rowKey="levelId"
          pagination={false}
          dataSource={report.levels}
          data-testid="level-totals"
          columns={[
            { title: '层面', dataIndex: 'name' },
            { title: '权重', render: (_, l) => l.display.weight },
            { title: '得分', render: (_, l) => l.display.total },
            { title: '等级', render: (_, l) => <GradeTag grade={l.grade} /> },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>加权总分</Table.Summary.Cell>
              <Table.Summary.Cell index={1} />
              <Table.Summary.Cell index={2}>
                <strong data-testid="weighted-total">{report.display.total}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3}>
                <GradeTag grade={report.grade} />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Col>
      <Col xs={24} lg={16}>
        <Table
          size="small"
          rowKey="key"
          dataSource={rows}
          columns={columns}
          pagination={false}
          scroll={{ x: 940, y: 480 }}
          expandable={{ defaultExpandedRowKeys: rows.map((r) => r.key) }}
          data-testid="score-tree"
        />
      </Col>
    </Row>
  );
}
