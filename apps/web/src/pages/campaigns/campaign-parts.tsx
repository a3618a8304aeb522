import { List, Space, Table, Tag, Typography } from 'antd';
import { Fragment, type ReactNode } from 'react';
import type { CampaignFigureBlock, CampaignFigureTable, CampaignReportSummary } from '@sg/contracts';
import { Section } from '../../components/Page';

const STATUS_COLORS: Record<CampaignReportSummary['status'], string> = {
  draft: 'default',
  submitted: 'processing',
  'signed-off': 'success',
  returned: 'warning',
};

export const BLOCK_NAMES: Record<CampaignFigureBlock, string> = {
  tasks: '建设任务完成情况',
  indicators: '绩效指标',
  achievements: '标志性成果',
  funds: '资金到位与执行',
};

export const reportPath = (campaignId: string, reportId: string) =>
  `/campaigns/${campaignId}/reports/${reportId}`;

export function StatusTags({ report }: { report: CampaignReportSummary }) {
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[report.status]}>{report.statusName}</Tag>
      {report.late && <Tag color="error">逾期</Tag>}
    </Space>
  );
}

/** A live block: the scope's figures as of the cut-off, with the date printed under them. */
export function FigureTable({ table }: { table: CampaignFigureTable }) {
  return (
    <div style={{ margin: '8px 0' }} data-testid="figure-block">
      <Typography.Text strong>{table.title}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        scroll={{ x: true }}
        rowKey={(_, i) => String(i)}
        dataSource={table.rows.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v])))}
        columns={table.headers.map((h, i) => ({ title: h, dataIndex: String(i), key: String(i) }))}
        locale={{ emptyText: '无相关数据' }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {table.asOf}
      </Typography.Text>
    </div>
  );
}

/** Stored (sanitized) report HTML with its figure blocks drawn as the live tables. */
export function RichText({
  html,
  figures,
}: {
  html: string;
  figures: Record<CampaignFigureBlock, CampaignFigureTable>;
}) {
  const parts = html.split(/<div data-sg-block="(\w+)"><\/div>/);
  return (
    <div className="report-text">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          figures[part as CampaignFigureBlock] ? (
            <FigureTable key={i} table={figures[part as CampaignFigureBlock]} />
          ) : null
        ) : (
          // The API stores only sanitized HTML (headings, paragraphs, lists, tables, evidence images).
          <div key={i} dangerouslySetInnerHTML={{ __html: part }} />
        ),
      )}
      {html.trim() === '' && <Typography.Text type="secondary">（未填写）</Typography.Text>}
    </div>
  );
}

/** The scope's figure tables that have rows, in the template's order. */
export function ScopeFigureTables({
  figures,
}: {
  figures: Record<CampaignFigureBlock, CampaignFigureTable>;
}) {
  return (
    <>
      {(Object.keys(BLOCK_NAMES) as CampaignFigureBlock[])
        .filter((b) => figures[b].rows.length > 0)
        .map((b) => (
          <FigureTable key={b} table={figures[b]} />
        ))}
    </>
  );
}

/** Whether a 典型案例 is written, and how long it is. */
export function CaseTag({
  item,
  missing,
}: {
  item: { written: boolean; characters: number };
  missing: 'default' | 'warning';
}) {
  return (
    <Tag color={item.written ? 'success' : missing}>
      {item.written ? `已写 ${item.characters} 字` : '未撰写'}
    </Tag>
  );
}

/** A titled list of reports or cases, each with its one `action` if any; left out while it is empty. */
export function ListSection<T>({
  title,
  items,
  action,
  renderItem,
}: {
  title: string;
  items: T[];
  action?: (item: T) => ReactNode;
  renderItem: (item: T) => ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <Section title={title}>
      <List
        dataSource={items}
        renderItem={(item) => (
          <List.Item actions={action && [<Fragment key="action">{action(item)}</Fragment>]}>
            {renderItem(item)}
          </List.Item>
        )}
      />
    </Section>
  );
}
