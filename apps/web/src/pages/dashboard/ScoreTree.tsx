import { Col, Row, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { IndicatorScore, ScoreReport } from '@sg/contracts';
import { actualText, targetText } from '../../api/figures';
import { Chart } from '../../components/Chart';
import { GradeTag } from '../../components/Figures';
import { figureColumns } from '../../components/RowsTable';

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
export function ScoreTree({ report }: { report: ScoreReport }) {
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
    ...figureColumns({ points: 70, count: 70, completed: 70, rate: 80, score: 70 }),
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
