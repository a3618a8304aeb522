import { Card, Typography } from 'antd';
import { RowsTable } from '../../components/RowsTable';
import type { CompletionBasis, PlanCompletion } from '@sg/contracts';
import type { Loaded } from '../../api/use-api';
import { BasisControl, basisText } from '../../components/Basis';
import { Chart } from '../../components/Chart';
import { RateBar } from '../../components/Figures';
import { LoadedView, Section } from '../../components/Page';

/** 建设任务完成情况: the plan, each level and each project, as a table (cards on a phone) and a chart. */
export function CompletionSection({
  completion,
  basis,
  phone,
}: {
  completion: Loaded<PlanCompletion>;
  basis: CompletionBasis;
  phone: boolean;
}) {
  return (
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
              <RowsTable
                width={720}
                testId="completion-table"
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
  );
}
