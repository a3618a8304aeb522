import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import type { ActualValueBody, IndicatorScore } from '@sg/contracts';
import { DECIMAL } from './fields';

/** Where an indicator's value fields sit in a form: the form's root, or one row of a list. */
type Path = (string | number)[];

/** What a form holds for one indicator value before it becomes a body. */
export interface ActualInput {
  value?: string;
  band?: string;
  score?: string;
  deductions?: { points: string; reason: string }[];
}

/** The actual value as the indicator's rule asks for it: a judged band, deductions, or a number. */
export function actualOf(rule: IndicatorScore['rule'] | undefined, v: ActualInput): ActualValueBody {
  if (rule?.kind === 'qualitative') return { kind: 'qualitative', band: v.band ?? '', score: v.score ?? '' };
  if (rule?.kind === 'manual') return { kind: 'manual', deductions: v.deductions ?? [] };
  return { kind: 'numeric', value: v.value ?? '' };
}

/** A recorded or submitted value back into form fields (a resubmission starts from it). */
export function inputOf(actual: ActualValueBody): ActualInput {
  switch (actual.kind) {
    case 'numeric':
      return { value: actual.value };
    case 'qualitative':
      return { band: actual.band, score: actual.score };
    case 'manual':
      return { deductions: actual.deductions };
    default: {
      const never: never = actual;
      return never;
    }
  }
}

/** The unit a number is counted in, when the target names one. */
const unitOf = (indicator: IndicatorScore) =>
  indicator.target.kind === 'qualitative' ? '' : indicator.target.unit;

/**
 * The input an indicator's kind asks for: a number in the target's unit, a judged 评价等级 with its
 * score (定性 and 是否 targets), or 人工评分 deductions with their reasons. The API checks the value
 * fits the rule; these fields only ask for the right thing.
 */
export function ActualFields({ indicator, at = [] }: { indicator: IndicatorScore; at?: Path }) {
  const rule = indicator.rule;
  switch (rule.kind) {
    case 'qualitative': {
      const points = Number(indicator.points);
      return (
        <Space wrap align="start">
          <Form.Item
            label="评价等级"
            name={[...at, 'band']}
            rules={[{ required: true, message: '请选择评价等级' }]}
          >
            <Select
              aria-label="评价等级"
              style={{ minWidth: 200 }}
              options={rule.bands.map((b) => ({
                value: b.label,
                label: `${b.label}（${points * Number(b.minFraction)}–${points * Number(b.maxFraction)} 分）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            label="得分"
            name={[...at, 'score']}
            rules={[{ required: true, pattern: DECIMAL, message: '请填写得分（数字）' }]}
          >
            <Input aria-label="得分" inputMode="decimal" style={{ width: 120 }} />
          </Form.Item>
        </Space>
      );
    }
    case 'manual':
      return (
        <Form.List name={[...at, 'deductions']}>
          {(fields, { add, remove }) => (
            <>
              <Typography.Text>扣分项（无扣分则得满分）</Typography.Text>
              {fields.map((field) => (
                <Space key={field.key} wrap align="baseline">
                  <Form.Item
                    name={[field.name, 'points']}
                    rules={[{ required: true, pattern: DECIMAL, message: '请填写扣分' }]}
                  >
                    <Input placeholder="扣分" aria-label="扣分" style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'reason']}
                    rules={[{ required: true, whitespace: true, message: '每一项扣分都须写明原因' }]}
                  >
                    <Input
                      placeholder="扣分原因"
                      aria-label="扣分原因"
                      style={{ width: 240, maxWidth: '60vw' }}
                    />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除" onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  添加扣分项
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
      );
    case 'proportional':
    case 'threshold':
    case 'banded':
    case 'execution-rate': {
      const unit = rule.kind === 'execution-rate' ? '万元' : unitOf(indicator);
      return (
        <Form.Item
          label={rule.kind === 'execution-rate' ? '支出金额' : '实际完成值'}
          name={[...at, 'value']}
          rules={[{ required: true, pattern: DECIMAL, message: '请填写数值（最多四位小数）' }]}
        >
          <Input
            aria-label="实际完成值"
            inputMode="decimal"
            style={{ width: 180 }}
            suffix={unit ? <span data-testid="actual-unit">{unit}</span> : undefined}
          />
        </Form.Item>
      );
    }
    default: {
      const never: never = rule;
      return never;
    }
  }
}
