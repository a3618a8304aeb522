/* 任务调整: a revised 任务书 compared with the plan, and the amendments proposed so far. */

/** A revised 任务书 against the plan: POST /api/plans/:id/amendments/preview. */
export interface AmendmentPreview {
  summary: Record<
    'tasks' | 'indicators',
    { added: number; removed: number; changed: number; unchanged: number }
  >;
  tasks: {
    added: { title: string; year: number; secondaryTask: string; ref: string }[];
    removed: { taskId: string; title: string; year: number | null; secondaryTask: string | null }[];
    changed: {
      taskId: string;
      changedText: string;
      before: { title: string; year: number | null };
      after: { title: string; year: number };
      ref: string;
    }[];
  };
  indicators: {
    added: { code: string; name: string; target: string; ref: string }[];
    removed: { indicatorId: string; code: string; name: string; target: string }[];
    changed: {
      indicatorId: string;
      code: string;
      changedText: string;
      before: { name: string; target: string };
      after: { name: string; target: string };
      ref: string;
    }[];
  };
}

/** GET /api/plans/:id/amendments: newest first. */
export interface AmendmentHistoryItem {
  amendmentId: string;
  status: 'proposed' | 'approved' | 'rejected';
  statusText: string;
  reason: string;
  fileName: string;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  effectiveDate: string | null;
  rejection: string | null;
  counts: { tasks: number; indicators: number };
  changes: string[];
}
