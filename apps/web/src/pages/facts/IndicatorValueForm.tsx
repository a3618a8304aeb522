import { Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { IndicatorScore, RecordIndicatorValueBody } from '@sg/contracts';
import { targetText } from '../../api/figures';
import { ActionForm } from '../../components/ActionForm';
import { Section } from '../../components/Page';
import { ActualFields, actualOf, type ActualInput } from './ActualFields';
import { EffectiveDateField, isoDate } from './fields';

interface Values extends ActualInput {
  indicatorId: string;
  effectiveDate: Dayjs;
  explanation?: string;
}

type Indicator = IndicatorScore & { levelName: string };

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
                  目标：{targetText(indicator.target)} · 分值 {indicator.points} 分
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
