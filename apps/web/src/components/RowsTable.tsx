import { Table, type TableProps } from 'antd';

/**
 * A table whose rows the page builds (levels, projects, categories, totals): small, every row shown,
 * each keyed by its `key`, scrolling sideways below `width` pixels (and down beyond `height`).
 */
export function RowsTable<T extends { key: string }>({
  width,
  height,
  testId,
  ...props
}: Omit<TableProps<T>, 'size' | 'rowKey' | 'pagination' | 'scroll'> & {
  width: number;
  height?: number;
  testId?: string;
}) {
  return (
    <Table<T>
      size="small"
      rowKey="key"
      pagination={false}
      scroll={height === undefined ? { x: width } : { x: width, y: height }}
      data-testid={testId}
      {...props}
    />
  );
}

/** The figure columns the completion and score tables share, titled the same on every table. */
const FIGURE_TITLES = {
  points: '分值',
  total: '任务数',
  count: '指标数',
  completed: '完成数',
  rate: '完成率',
  score: '得分',
  remark: '备注',
} as const;

/** Those figure columns, shown by their own row field, in the order and at the widths given. */
export const figureColumns = (widths: Partial<Record<keyof typeof FIGURE_TITLES, number>>) =>
  Object.entries(widths).map(([field, width]) => ({
    title: FIGURE_TITLES[field as keyof typeof FIGURE_TITLES],
    dataIndex: field,
    width,
  }));
