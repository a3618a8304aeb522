import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ActualValueBody, IndicatorScore, RecordIndicatorValueBody } from '@sg/contracts';
import { ActionForm } from '../../components/ActionForm';
import { Section } from '../../components/Page';
import { DECIMAL, EffectiveDateField, isoDate } from './fields';

interface Values {
  indicatorId: string;
  value?: string;
  band?: string;
  score?: string;
  deductions?: { points: string; reason: string }[];
  effectiveDate: Dayjs;
  explanation?: string;
}

type Indicator = IndicatorScore & { levelName: string };

/** The actual value as the indicator's rule asks for it: a judged band, deductions, or a number. */
function actualOf(rule: IndicatorScore['rule'] | undefined, v: Values): ActualValueBody {
  if (rule?.kind === 'qualitative') return { kind: 'qualitative', band: v.band ?? '', score: v.score ?? '' };
  if (rule?.kind === 'manual') return { kind: 'manual', deductions: v.deductions ?? [] };
  return { kind: 'numeric', value: v.value ?? '' };
}

const TARGET_TEXT = (i: Indicator) =>
  i.target.kind === 'qualitative'
    ? i.target.text
    : i.target.kind === 'range'
      ? `${i.target.min}–${i.target.max} ${i.target.unit}`
      : `${i.target.comparator} ${i.target.value} ${i.target.unit}`;

/**
 * 指标实际完成值 for any kind of indicator: a number, a judged 评价等级 with its score (定性 and
 * 是否 targets), or 人工评分 deductions with their reasons. The API checks the value fits the rule.
 */
export function IndicatorValueForm({ planId, indicators }: { planId: string; indicators: Indicator[] }) {
  return (
    <Section title="记录指标实际完成值">
      <ActionForm<Values>
        path={(v) => `/api/plans/${planId}/indicators/${v.indicatorId}/values`}
        toBody={(v): RecordIndicatorValueBody => ({
          actual: actualOf(indicators.find((i) => i.indicatorId === v.indicatorId)?.rule, v),
          effectiveDate: isoDate(v.effectiveDate),
          ...(v.explanation?.trim() ? { explanation: v.explanation } : {}),
        })}
        submitText="记录完成值"
        success="指标完成值已记录"
        testId="indicator-value-form"
      >
        <Form.Item label="指标" name="indicatorId" rules={[{ required: true, message: '请选择指标' }]}>
          <Select
            aria-label="指标"
            showSearch={{ optionFilterProp: 'label' }}
            options={indicators.map((i) => ({
              value: i.indicatorId,
              label: `${i.levelName} ${i.code} ${i.name}`,
            }))}
          />
        </Form.Item>
        <Form.Item noStyle dependencies={['indicatorId']}>
          {({ getFieldValue }) => {
            const indicator = indicators.find((i) => i.indicatorId === getFieldValue('indicatorId'));
            if (!indicator) return null;
            return (
              <>
                <Typography.Paragraph type="secondary" data-testid="indicator-target">
                  目标：{TARGET_TEXT(indicator)} · 分值 {indicator.points} 分
                </Typography.Paragraph>
                <ActualFields indicator={indicator} />
              </>
            );
          }}
        </Form.Item>
        <EffectiveDateField />
        <Form.Item label="偏差原因分析及改进措施" name="explanation">
          <Input.TextArea rows={3} maxLength={5000} aria-label="偏差原因分析及改进措施" />
        </Form.Item>
      </ActionForm>
    </Section>
  );
}

function ActualFields({ indicator }: { indicator: Indicator }) {
  const rule = indicator.rule;
  switch (rule.kind) {
    case 'qualitative': {
      const points = Number(indicator.points);
      return (
        <Space wrap align="start">
          <Form.Item label="评价等级" name="band" rules={[{ required: true, message: '请选择评价等级' }]}>
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
            name="score"
            rules={[{ required: true, pattern: DECIMAL, message: '请填写得分（数字）' }]}
          >
            <Input aria-label="得分" inputMode="decimal" style={{ width: 120 }} />
          </Form.Item>
        </Space>
      );
    }
    case 'manual':
      return (
        <Form.List name="deductions">
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
    case 'execution-rate':
      return (
        <Form.Item
          label={rule.kind === 'execution-rate' ? '支出金额（万元）' : '实际完成值'}
          name="value"
          rules={[{ required: true, pattern: DECIMAL, message: '请填写数值' }]}
        >
          <Input aria-label="实际完成值" inputMode="decimal" style={{ width: 160 }} />
        </Form.Item>
      );
    default: {
      const never: never = rule;
      return never;
    }
  }
}
