import { DatePicker, Form, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/** 万元 or a percent as the API takes it: not negative, at most four decimals. */
export const DECIMAL = /^\d{1,12}(\.\d{1,4})?$/;

export const isoDate = (d: Dayjs) => d.format('YYYY-MM-DD');

/** 层面: the plan's levels by name. */
export function LevelField({ levels }: { levels: { levelId: string; name: string }[] }) {
  return (
    <Form.Item label="层面" name="levelId" rules={[{ required: true, message: '请选择层面' }]}>
      <Select aria-label="层面" options={levels.map((l) => ({ value: l.levelId, label: l.name }))} />
    </Form.Item>
  );
}

/** The date a fact took effect (it must lie within the plan's years: the API says so if not). */
export function EffectiveDateField({ label = '生效日期' }: { label?: string }) {
  return (
    <Form.Item
      label={label}
      name="effectiveDate"
      initialValue={dayjs()}
      rules={[{ required: true, message: `请选择${label}` }]}
    >
      <DatePicker aria-label={label} style={{ width: '100%' }} />
    </Form.Item>
  );
}
