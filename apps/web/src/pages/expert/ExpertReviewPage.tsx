import { Empty, Select } from 'antd';
import { useState } from 'react';
import type { ExpertReviewView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { LoadedView, NoPlan, PageHeader } from '../../components/Page';
import { useSession } from '../../session';
import { ExpertComparisonView } from './ExpertComparisonView';
import { ExpertScoring } from './ExpertScoring';

/** An invited expert: the reviews they are in while their access lasts, each to score. */
function MyReviews() {
  const loaded = useApi<{ items: ExpertReviewView[] }>('/api/me/expert-reviews');
  const [chosen, setChosen] = useState<string | undefined>();
  return (
    <LoadedView loaded={loaded}>
      {({ items }) => {
        const current = items.find((r) => r.reviewId === chosen) ?? items[0];
        if (!current) return <Empty description="您目前没有进行中的专家评审。" />;
        return (
          <>
            {items.length > 1 && (
              <Select
                aria-label="选择专家评审"
                value={current.reviewId}
                style={{ marginBottom: 12, maxWidth: '100%', minWidth: 200 }}
                options={items.map((r) => ({ value: r.reviewId, label: r.title }))}
                onChange={setChosen}
              />
            )}
            <ExpertScoring key={current.reviewId} review={current} />
          </>
        );
      }}
    </LoadedView>
  );
}

/** 专家评审: the expert scores; the office sees self-score beside the experts' scores. */
export default function ExpertReviewPage() {
  const { can, plan } = useSession();
  if (can.expert)
    return (
      <div data-testid="page-expert-review">
        <MyReviews />
      </div>
    );
  if (!plan) return <NoPlan />;
  return (
    <div data-testid="page-expert-review">
      <PageHeader title="专家评审" />
      <ExpertComparisonView planId={plan.planId} />
    </div>
  );
}
