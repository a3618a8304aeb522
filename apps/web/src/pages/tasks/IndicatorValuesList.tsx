import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { IndicatorScore, SubmissionContent } from '@sg/contracts';
import { targetText } from '../../api/figures';
import { ActualFields, actualOf, inputOf, type ActualInput } from '../facts/ActualFields';

type Indicator = IndicatorScore & { levelName: string };

/** One row of 指标实际完成值 in the progress form. */
export interface IndicatorValueInput extends ActualInput {
  indicatorId: string;
  effectiveDate: Dayjs;
}

type Submitted = NonNullable<SubmissionContent['indicatorValues']>;

/** The rows as the API takes them: each value in the shape its indicator's rule asks for. */
export function indicatorValuesBody(
  rows: IndicatorValueInput[] | undefined,
  indicators: Indicator[],
): Submitted {
  return (rows ?? []).map((v) => ({
    indicatorId: v.indicatorId,
    actual: actualOf(indicators.find((i) => i.indicatorId === v.indicatorId)?.rule, v),
    effectiveDate: v.effectiveDate.format('YYYY-MM-DD'),
  }));
}

/** What was submitted, back into rows (a resubmission starts from it). */
export function indicatorValuesInput(values: Submitted | undefined): IndicatorValueInput[] | undefined {
  return values?.map((v) => ({
    indicatorId: v.indicatorId,
    effectiveDate: dayjs(v.effectiveDate),
    ...inputOf(v.actual),
  }));
}

/**
 * 指标实际完成值 of a progress report: per row an indicator, then the input its kind asks for (a
 * number in the target's unit, a 评价等级 with its score, or deductions), and the date it holds from.
 */
export function IndicatorValuesList({ indicators }: { indicators: Indicator[] }) {
  return (
    <>
      <Typography.Title level={5}>指标实际完成值</Typography.Title>
      <Form.List name="indicatorValues">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <div key={field.key} data-testid="indicator-value-row">
                <Space wrap align="baseline">
                  <Form.Item
                    name={[field.name, 'indicatorId']}
                    rules={[{ required: true, message: '请选择指标' }]}
                  >
                    <Select
                      aria-label="指标"
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder="选择指标"
                      style={{ width: 300, maxWidth: '80vw' }}
                      options={indicators.map((i) => ({
                        value: i.indicatorId,
                        label: `${i.levelName} ${i.code} ${i.name}`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'effectiveDate']}
                    rules={[{ required: true, message: '请选择日期' }]}
                    initialValue={dayjs()}
                  >
                    <DatePicker placeholder="生效日期" aria-label="生效日期" />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除" onClick={() => remove(field.name)} />
                </Space>
                <Form.Item noStyle dependencies={[['indicatorValues', field.name, 'indicatorId']]}>
                  {({ getFieldValue }) => {
                    const id: unknown = getFieldValue(['indicatorValues', field.name, 'indicatorId']);
                    const indicator = indicators.find((i) => i.indicatorId === id);
                    if (!indicator) return null;
                    return (
                      <>
                        <Typography.Paragraph type="secondary" data-testid="indicator-target">
                          目标：{targetText(indicator.target)}
                        </Typography.Paragraph>
                        <ActualFields indicator={indicator} at={[field.name]} />
                      </>
                    );
                  }}
                </Form.Item>
              </div>
            ))}
            <Form.Item>
              <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                添加指标值
              </Button>
            </Form.Item>
          </>
        )}
      </Form.List>
    </>
  );
}
