import { Card, Space, Table, Typography } from 'antd';
import type { BudgetsView, LineFundsView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { RateBar } from '../../components/Figures';
import { Section } from '../../components/Page';

type Line = BudgetsView['levels'][number]['tasks'][number];

function rate(f: LineFundsView, which: 'arrivalRate' | 'executionRate') {
  const value = f[which];
  return value === null ? '—' : <RateBar rate={value} display={f.display[which]} size="small" />;
}

/** Each source of a line with a budget or funds: 预算, 到位, 支出 and both rates. */
function SourceLines({ line }: { line: Line }) {
  const sources = line.funds.bySource.filter((s) => s.budget !== '0' || s.arrived !== '0' || s.spent !== '0');
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="task-funds-sources">
      {sources.map((s) => (
        <li key={s.source}>
          {s.source}：预算 {s.budget}，到位 {s.arrived}，支出 {s.spent}（到位率 {s.display.arrivalRate}
          ，执行率 {s.display.executionRate}）
        </li>
      ))}
    </ul>
  );
}

/**
 * 资金 per 建设任务 against the 任务书's 总预算 lines (万元): 到位率 and 执行率 per task, and per source
 * when a row is opened; cards on a phone. Shown only for a plan whose 任务书 carried budgets.
 */
export function TaskFundsSection({
  base,
  asOf,
  phone,
  levelName,
}: {
  base: string;
  asOf: { cutoff?: string; knownAt?: string };
  phone: boolean;
  levelName: (levelId: string) => string;
}) {
  const budgets = useApi<BudgetsView>(`${base}/budgets`, { ...asOf });
  const levels = (budgets.data?.levels ?? []).filter((l) => l.tasks.length > 0);
  if (levels.length === 0) return null;
  return (
    <Section title="建设任务资金（万元）">
      {levels.map((level) => (
        <div key={level.levelId} style={{ marginBottom: 12 }}>
          <Typography.Title level={5}>{levelName(level.levelId)}</Typography.Title>
          {phone ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              {level.tasks.map((line) => (
                <Card key={line.sourceKey} size="small" data-testid="task-funds-card">
                  <Typography.Text strong>{line.secondaryTask || line.primaryTask}</Typography.Text>
                  <div>
                    预算 {line.funds.budget} · 到位 {line.funds.arrived} · 支出 {line.funds.spent}
                  </div>
                  <div>
                    到位率 {line.funds.display.arrivalRate} · 执行率 {line.funds.display.executionRate}
                  </div>
                  <SourceLines line={line} />
                </Card>
              ))}
            </Space>
          ) : (
            <Table<Line>
              size="small"
              rowKey="sourceKey"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={level.tasks}
              data-testid="task-funds-table"
              expandable={{ expandedRowRender: (line) => <SourceLines line={line} /> }}
              columns={[
                { title: '建设任务', render: (_, l) => l.secondaryTask || l.primaryTask },
                { title: '预算', width: 90, render: (_, l) => l.funds.budget },
                { title: '到位', width: 90, render: (_, l) => l.funds.arrived },
                { title: '支出', width: 90, render: (_, l) => l.funds.spent },
                { title: '到位率', width: 150, render: (_, l) => rate(l.funds, 'arrivalRate') },
                { title: '执行率', width: 150, render: (_, l) => rate(l.funds, 'executionRate') },
              ]}
            />
          )}
        </div>
      ))}
    </Section>
  );
}
