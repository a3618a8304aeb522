import { Select } from 'antd';
import { useState } from 'react';
import type { PeoplePage, PersonView } from '@sg/contracts';
import { useDebounced, useSearch } from '../../api/use-search';

/** How a person reads in a picker: name, department, and that they are not yet in the plan. */
export function personLabel(p: Pick<PersonView, 'displayName' | 'department' | 'member'>): string {
  const department = p.department ? `（${p.department.name}）` : '';
  return `${p.displayName}${department}${p.member ? '' : ' · 未加入本方案'}`;
}

/**
 * A person picked by name from the plan's directory (ADR 0026): the office of the plan finds
 * members and newcomers alike, the administrator also by username. Searches as one types.
 */
export function UserSelect(props: {
  planId: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  /** Only people holding this role in the plan (e.g. reviewers). */
  role?: string;
  testId?: string;
}) {
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim());
  const page = useSearch<PeoplePage>(`/api/plans/${props.planId}/people`, {
    pageSize: 20,
    ...(q ? { q } : {}),
    ...(props.role ? { role: props.role } : {}),
  });
  // Until the answer to what is typed now arrives, the list offers nobody (not the last answer's people).
  const pending = typed.trim() !== q;
  // The chosen person stays labelled by name while the search moves on to others.
  const [chosen, setChosen] = useState<PersonView | undefined>(undefined);
  const items = pending ? [] : (page.data?.items ?? []);
  const options = [
    ...(chosen && chosen.userId === props.value && !items.some((p) => p.userId === chosen.userId)
      ? [chosen]
      : []),
    ...items,
  ].map((p) => ({ value: p.userId, label: personLabel(p), person: p }));
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      value={props.value}
      onSearch={setTyped}
      onChange={(value: string | undefined, option) => {
        const picked = Array.isArray(option) ? undefined : (option as { person?: PersonView } | undefined);
        setChosen(picked?.person);
        props.onChange?.(value);
      }}
      loading={pending || page.loading}
      placeholder={props.placeholder ?? '输入姓名查找'}
      notFoundContent={pending || page.loading ? '查找中…' : page.error ? page.error.title : '没有找到此人'}
      options={options}
      data-testid={props.testId}
      style={{ minWidth: 200 }}
    />
  );
}
