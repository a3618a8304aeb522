import { Progress, Tag } from 'antd';
import { TASK_STATE_LABELS, type TaskState } from '@sg/contracts';

/** Bar length from the API's exact rate ("0.8906"); the printed figure is the API's own display text. */
export function RateBar({ rate, display, size }: { rate: string; display: string; size?: 'small' }) {
  const value = Math.max(0, Math.min(100, Number(rate) * 100));
  const status = value >= 100 ? 'success' : 'normal';
  return (
    <Progress
      percent={value}
      status={status}
      size={size === 'small' ? 'small' : undefined}
      format={() => display}
      style={{ minWidth: 120, marginBottom: 0 }}
    />
  );
}

const GRADE_COLORS: Record<string, string> = { 严重: 'red', 中度: 'orange', 轻度: 'gold' };

export function GradeTag({ grade }: { grade: string }) {
  return <Tag color={GRADE_COLORS[grade] ?? 'default'}>{grade}</Tag>;
}

export const STATE_NAMES: Record<string, { text: string; color: string }> = {
  'under-review': { text: '审核中', color: 'processing' },
  approved: { text: '已通过', color: 'success' },
  rejected: { text: '已退回', color: 'error' },
  withdrawn: { text: '已撤回', color: 'default' },
  draft: { text: '草稿', color: 'default' },
  'approved-briefing': { text: '待发布', color: 'processing' },
  published: { text: '已发布', color: 'success' },
};

export function StateTag({ state }: { state: string }) {
  const s = STATE_NAMES[state] ?? { text: '未知状态', color: 'default' };
  return <Tag color={s.color}>{s.text}</Tag>;
}

const TASK_STATE_COLORS: Record<TaskState, string> = {
  rejected: 'error',
  'under-review': 'processing',
  completed: 'success',
  overdue: 'red',
  'in-progress': 'blue',
  'not-started': 'default',
};

/** Where a task stands (已退回, 审核中, 已完成, 已逾期, 进行中, 未开始). */
export function TaskStateTag({ state }: { state: TaskState }) {
  return (
    <Tag color={TASK_STATE_COLORS[state]} data-testid="task-state">
      {TASK_STATE_LABELS[state]}
    </Tag>
  );
}
