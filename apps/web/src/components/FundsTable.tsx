import { Table } from 'antd';
import type { FundsView } from '@sg/contracts';
import { RateBar } from './Figures';

/** 资金 by source: budget, arrived and spent (万元) with 到位率 and 执行率, and the plan's totals. */
export function FundsBySourceTable({ funds, testId }: { funds: FundsView; testId?: string }) {
  return (
    <Table
      size="small"
      rowKey="source"
      pagination={false}
      scroll={{ x: 760 }}
      dataSource={funds.bySource}
      data-testid={testId}
      columns={[
        { title: '来源', dataIndex: 'source', width: 110, fixed: 'left' },
        { title: '预算（万元）', dataIndex: 'budget', width: 100 },
        { title: '到位（万元）', dataIndex: 'arrived', width: 100 },
        { title: '支出（万元）', dataIndex: 'spent', width: 100 },
        {
          title: '到位率',
          width: 160,
          render: (_, s) => <RateBar rate={s.arrivalRate} display={s.display.arrivalRate} size="small" />,
        },
        {
          title: '执行率',
          width: 160,
          render: (_, s) => <RateBar rate={s.executionRate} display={s.display.executionRate} size="small" />,
        },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
          <Table.Summary.Cell index={1}>{funds.budget}</Table.Summary.Cell>
          <Table.Summary.Cell index={2}>{funds.arrived}</Table.Summary.Cell>
          <Table.Summary.Cell index={3}>{funds.spent}</Table.Summary.Cell>
          <Table.Summary.Cell index={4}>{funds.display.arrivalRate}</Table.Summary.Cell>
          <Table.Summary.Cell index={5}>{funds.display.executionRate}</Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}
