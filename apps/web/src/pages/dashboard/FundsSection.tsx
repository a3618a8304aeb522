import type { FundsView } from '@sg/contracts';
import type { Loaded } from '../../api/use-api';
import { Chart } from '../../components/Chart';
import { FundsBySourceTable } from '../../components/FundsTable';
import { LoadedSection } from '../../components/Page';

/** 资金到位率与执行率 by 资金来源, with the totals and a chart. */
export function FundsSection({ funds }: { funds: Loaded<FundsView> }) {
  return (
    <LoadedSection title="资金到位率与执行率（按来源）" loaded={funds}>
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
    </LoadedSection>
  );
}
