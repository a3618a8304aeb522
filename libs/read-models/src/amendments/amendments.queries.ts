import type { AmendmentHistoryItem } from '@sg/contracts';
import type { AmendmentChanges } from '@sg/domain';
import { tableViews } from '../framework/rows';
import { ReadQueries } from '../framework/read-queries';

/** An amendment as the read model holds it: the contract's item with the domain's changes, before the API words them. */
export interface AmendmentView extends Omit<AmendmentHistoryItem, 'statusText' | 'counts' | 'changes'> {
  planId: string;
  changes: AmendmentChanges;
}

interface Row {
  amendment_id: string;
  plan_id: string;
  status: AmendmentView['status'];
  reason: string;
  file_name: string;
  changes: string;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  effective_date: string | null;
  rejection: string | null;
}

const toView = (row: Row): AmendmentView => ({
  amendmentId: row.amendment_id,
  planId: row.plan_id,
  status: row.status,
  reason: row.reason,
  fileName: row.file_name,
  changes: JSON.parse(row.changes) as AmendmentChanges,
  proposedBy: row.proposed_by,
  proposedAt: row.proposed_at,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  effectiveDate: row.effective_date,
  rejection: row.rejection,
});

const amendmentsTable = tableViews('am_amendments', toView);

export class AmendmentQueries extends ReadQueries {
  /** A plan's amendments, newest first. */
  ofPlan(planId: string): AmendmentView[] {
    return amendmentsTable.all(this.db, 'plan_id = ? ORDER BY seq DESC', planId);
  }

  byId(amendmentId: string): AmendmentView | undefined {
    return amendmentsTable.one(this.db, 'amendment_id = ?', amendmentId);
  }
}
