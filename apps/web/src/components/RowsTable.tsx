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
