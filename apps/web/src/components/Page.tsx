import { Card, Empty, Skeleton, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Loaded } from '../api/use-api';
import { ErrorAlert } from './ErrorAlert';

/** A page's title line, with its controls on the right (wrapping under it on a phone). */
export function PageHeader({ title, extra }: { title: string; extra?: ReactNode }) {
  return (
    <div
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 12,
        alignItems: 'center',
        justifyContent: 'space-between',
        marginBottom: 16,
      }}
    >
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra && <Space wrap>{extra}</Space>}
    </div>
  );
}

/** Renders loaded data, a skeleton while loading, or the Chinese error with a retry button. */
export function LoadedView<T>({
  loaded,
  children,
  empty,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
  empty?: (data: T) => boolean;
}) {
  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (loaded.data === undefined) return <Skeleton active />;
  if (empty?.(loaded.data)) return <Empty description="暂无数据" />;
  return <>{children(loaded.data)}</>;
}

export function Section({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card title={title} extra={extra} size="small" style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

/** Shown when no plan is selected or visible to the user. */
export function NoPlan() {
  return (
    <Empty description="暂无可查看的建设方案。项目办创建或导入方案并为您分配任务后，这里会显示相应内容。" />
  );
}

/** One row of a list as a phone shows it: a card, the rows stacked with a little room between them. */
export function PhoneCard({
  testId,
  title,
  extra,
  children,
}: {
  testId: string;
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid={testId} title={title} extra={extra}>
      {children}
    </Card>
  );
}

/** A section that shows its data once loaded (a skeleton before, the Chinese error with a retry if it fails). */
export function LoadedSection<T>({
  title,
  loaded,
  children,
}: {
  title: ReactNode;
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  return (
    <Section title={title}>
      <LoadedView loaded={loaded}>{children}</LoadedView>
    </Section>
  );
}
