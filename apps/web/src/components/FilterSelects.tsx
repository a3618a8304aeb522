import { Select } from 'antd';

/** One filter of a list: the query key it sets, its prompt (what "all" reads), its width and its choices. */
export interface FilterSpec<K extends string> {
  key: K;
  placeholder: string;
  width: number;
  options: { value: string; label: string }[];
}

/**
 * A list's filter selects, one a key; clearing one shows all again. With `testIdPrefix` each is
 * found by that prefix and its key.
 */
export function FilterSelects<K extends string>({
  filters,
  values,
  onChange,
  testIdPrefix,
}: {
  filters: FilterSpec<K>[];
  values: Partial<Record<K, string>>;
  onChange: (key: K, value: string | undefined) => void;
  testIdPrefix?: string;
}) {
  return (
    <>
      {filters.map((f) => (
        <Select
          key={f.key}
          allowClear
          placeholder={f.placeholder}
          style={{ width: f.width }}
          value={values[f.key]}
          onChange={(value?: string) => onChange(f.key, value)}
          options={f.options}
          data-testid={testIdPrefix && `${testIdPrefix}${f.key}`}
        />
      ))}
    </>
  );
}
