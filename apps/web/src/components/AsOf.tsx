import { DatePicker, Space, Tag, Tooltip, Button } from 'antd';
import dayjs from 'dayjs';
import { setQuery, useLocation } from '../router';

export interface AsOf {
  cutoff?: string;
  knownAt?: string;
}

/** The page's 截至 date and knowledge time, kept in the address (`?cutoff=&knownAt=`) so a link keeps them. */
export function useAsOf(): AsOf {
  const { search } = useLocation();
  return { cutoff: search.get('cutoff') ?? undefined, knownAt: search.get('knownAt') ?? undefined };
}

/** Chooses 截至 (what had happened by then) and 知情时间 (what had been recorded by then) for every figure. */
export function AsOfControl() {
  const { cutoff, knownAt } = useAsOf();
  return (
    <Space wrap data-testid="as-of-control">
      <Tooltip title="按截至日期计算：只计入生效日期在此之前（含当日）的事实">
        <span>截至</span>
      </Tooltip>
      <DatePicker
        aria-label="截至日期"
        placeholder="今天"
        value={cutoff ? dayjs(cutoff) : null}
        onChange={(d) => setQuery({ cutoff: d ? d.format('YYYY-MM-DD') : undefined })}
        allowClear
      />
      <Tooltip title="按知情时间计算：只计入在此时刻之前已登记的事实">
        <span>知情时间</span>
      </Tooltip>
      <DatePicker
        aria-label="知情时间"
        showTime
        placeholder="现在"
        value={knownAt ? dayjs(knownAt) : null}
        onChange={(d) => setQuery({ knownAt: d ? d.toISOString() : undefined })}
        allowClear
      />
      {(cutoff || knownAt) && (
        <>
          <Tag color="orange">
            {cutoff ? `截至 ${cutoff}` : ''}
            {cutoff && knownAt ? '，' : ''}
            {knownAt ? `按 ${dayjs(knownAt).format('YYYY-MM-DD HH:mm')} 已知` : ''}
          </Tag>
          <Button size="small" onClick={() => setQuery({ cutoff: undefined, knownAt: undefined })}>
            恢复为当前
          </Button>
        </>
      )}
    </Space>
  );
}
