import { Table } from 'antd';
import type { FundsView } from '@sg/contracts';
import type { Loaded } from '../../api/use-api';
import { Chart } from '../../components/Chart';
import { RateBar } from '../../components/Figures';
import { LoadedView, Section } from '../../components/Page';

/** 资金到位率与执行率 by 资金来源, with the totals and a chart. */
export function FundsSection({ funds }: { funds: Loaded<FundsView> }) {
  return (
    <Section title="资金到位率与执行率（按来源）">
      <LoadedView loaded={funds}>
        {(data) => (
          <>
            <Table
              size="small"
              rowKey="source"
              pagination={false}
              scroll={{ x: 760 }}
              dataSource={data.bySource}
              data-testid="funds-table"
              columns={[
                { title: '来源', dataIndex: 'source', width: 110, fixed: 'left' },
                { title: '预算（万元）', dataIndex: 'budget', width: 100 },
                { title: '到位（万元）', dataIndex: 'arrived', width: 100 },
                { title: '支出（万元）', dataIndex: 'spent', width: 100 },
                {
                  title: '到位率',
                  width: 160,
                  render: (_, s) => (
                    <RateBar rate={s.arrivalRate} display={s.display.arrivalRate} size="small" />
                  ),
                },
                {
                  title: '执行率',
                  width: 160,
                  render: (_, s) => (
                    <RateBar rate={s.executionRate} display={s.display.executionRate} size="small" />
                  ),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={1}>{data.budget}</Table.Summary.Cell>
                  <Table.Summary.Cell index={2}>{data.arrived}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3}>{data.spent}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4}>{data.display.arrivalRate}</Table.Summary.Cell>
                  <Table.Summary.Cell index={5}>{data.display.executionRate}</Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
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
  );
}
