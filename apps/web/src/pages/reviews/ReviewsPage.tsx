import { App, Button, Col, Empty, Grid, Pagination, Row } from 'antd';
import { useEffect, useState } from 'react';
import type { BatchApprovalResult, InboxItem, Paged, PlanCompletion } from '@sg/contracts';
import { useCountsContext } from '../../counts';
import { useSession } from '../../session';
import { useApi } from '../../api/use-api';
import { LoadedView, PageHeader } from '../../components/Page';
import { BatchApprove, BatchResult } from './BatchApprove';
import { ReviewPanel } from './ReviewPanel';
import { QueueFilters, QueueList, type QueueQuery } from './ReviewQueue';

const PAGE_SIZE = 10;

/**
 * 待办审核, a reviewer's home: what waits for me with who submitted it, for which project and task,
 * when it is due and when it came (the plan's time zone); filtered, sorted and paged by the API.
 * Items at 或签 stages can be approved together with one reason. On a phone each item is a card.
 */
export default function ReviewsPage() {
  const { message } = App.useApp();
  const { plan } = useSession();
  const phone = !Grid.useBreakpoint().md;
  const [query, setQuery] = useState<QueueQuery>({ sort: 'waiting', order: 'asc', page: 1 });
  const queue = useApi<Paged<InboxItem>>('/api/reviews/queue', { ...query, pageSize: PAGE_SIZE });
  const projects = useApi<PlanCompletion>(plan ? `/api/plans/${plan.planId}/completion` : null);
  const counts = useCountsContext();
  const [selected, setSelected] = useState<string | null>(null);
  const [checked, setChecked] = useState<string[]>([]);
  const [batchOpen, setBatchOpen] = useState(false);
  const [batchResult, setBatchResult] = useState<BatchApprovalResult | null>(null);
  const items = queue.data?.items ?? [];
  const current = items.find((s) => s.submissionId === selected) ?? items[0];
  const reload = queue.reload;
  // A change of the 待办 count (someone else acted, a new submission) reloads the list.
  const waiting = counts?.reviews;
  const [seen, setSeen] = useState(waiting);
  useEffect(() => {
    if (waiting !== seen) {
      setSeen(waiting);
      reload();
    }
  }, [waiting, seen, reload]);

  const change = (next: Partial<QueueQuery>) => {
    setQuery((q) => ({ ...q, page: 1, ...next }));
    setChecked([]);
  };

  const pager = queue.data && queue.data.total > PAGE_SIZE && (
    <Pagination
      simple={phone}
      style={{ marginTop: 8 }}
      current={query.page}
      pageSize={PAGE_SIZE}
      total={queue.data.total}
      showTotal={phone ? undefined : (total) => `共 ${total} 条`}
      onChange={(page) => setQuery((q) => ({ ...q, page }))}
    />
  );

  return (
    <div data-testid="page-reviews">
      <PageHeader
        title="待办审核"
        extra={
          <>
            <Button
              type="primary"
              disabled={checked.length === 0}
              data-testid="batch-approve"
              onClick={() => setBatchOpen(true)}
            >
              批量通过{checked.length > 0 ? `（${checked.length}）` : ''}
            </Button>
            <Button onClick={queue.reload}>刷新</Button>
          </>
        }
      />
      <QueueFilters query={query} change={change} projects={projects.data} phone={phone} />
      <LoadedView loaded={queue}>
        {(data) =>
          data.total === 0 ? (
            <Empty
              description={
                query.q || query.projectId || query.batchable
                  ? '没有符合条件的待办。'
                  : '没有等待您审核的提交。'
              }
            />
          ) : (
            <Row gutter={[16, 16]}>
              <Col span={24}>
                <QueueList
                  items={items}
                  currentId={current?.submissionId}
                  checked={checked}
                  setChecked={setChecked}
                  select={setSelected}
                  phone={phone}
                />
                {pager}
              </Col>
              <Col span={24}>
                {current && (
                  <ReviewPanel
                    key={`${current.submissionId}:${current.version}:${current.stage}`}
                    submission={current}
                    onDone={() => {
                      setSelected(null);
                      setChecked([]);
                      queue.reload();
                    }}
                  />
                )}
              </Col>
            </Row>
          )
        }
      </LoadedView>
      <BatchApprove
        open={batchOpen}
        submissionIds={checked}
        onClose={() => setBatchOpen(false)}
        onDone={(result) => {
          setBatchOpen(false);
          setBatchResult(result);
          setChecked([]);
          setSelected(null);
          queue.reload();
          void message.success(
            `已通过 ${result.approved} 条${result.refused > 0 ? `，${result.refused} 条未通过` : ''}`,
          );
        }}
      />
      <BatchResult result={batchResult} onClose={() => setBatchResult(null)} />
    </div>
  );
}
