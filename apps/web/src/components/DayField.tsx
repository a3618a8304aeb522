import { DatePicker, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { CSSProperties } from 'react';
import type { FieldName } from './ActionForm';

const DAY = 'YYYY-MM-DD';

/**
 * A calendar day picked in the zh-CN date picker, kept in the form as the API's `YYYY-MM-DD`
 * string (a day, not an instant: no time zone is applied); an empty picker is `''`.
 */
export function DayField({ name, label, style }: { name: FieldName; label: string; style?: CSSProperties }) {
  return (
    <Form.Item
      name={name}
      label={label}
      style={{ marginBottom: 8, ...style }}
      getValueProps={(value: string | undefined) => ({ value: value ? dayjs(value, DAY) : null })}
      normalize={(day: Dayjs | null) => (day ? day.format(DAY) : '')}
    >
      <DatePicker
        format={DAY}
        style={{ width: '100%' }}
        // Enter takes the typed day; it must not also submit the whole form.
        onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()}
      />
    </Form.Item>
  );
}
