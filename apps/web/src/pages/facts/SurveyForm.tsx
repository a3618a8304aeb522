import { Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { RESPONDENTS, type RecordSurveyBody } from '@sg/contracts';
import { ActionForm } from '../../components/ActionForm';
import { Section } from '../../components/Page';
import { DECIMAL, EffectiveDateField, isoDate, LevelField } from './fields';

type Values = Omit<RecordSurveyBody, 'effectiveDate'> & { effectiveDate: Dayjs };

/** 满意度调查: who was asked, how many valid answers, the satisfaction; indicators fed by it score from it. */
export function SurveyForm({
  planId,
  levels,
  onRecorded,
}: {
  planId: string;
  levels: { levelId: string; name: string }[];
  onRecorded?: () => void;
}) {
  return (
    <Section title="记录满意度调查">
      <ActionForm<Values>
        path={`/api/plans/${planId}/surveys`}
        toBody={(v): RecordSurveyBody => ({ ...v, effectiveDate: isoDate(v.effectiveDate) })}
        submitText="记录调查结果"
        success="调查结果已记录"
        testId="survey-form"
        onDone={onRecorded}
      >
        <LevelField levels={levels} />
        <Form.Item
          label="调查对象"
          name="respondents"
          rules={[{ required: true, message: '请选择调查对象' }]}
        >
          <Select aria-label="调查对象" options={RESPONDENTS.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item
          label="有效问卷数"
          name="sampleSize"
          rules={[{ required: true, message: '请填写有效问卷数（1–1000000 的整数）' }]}
        >
          <InputNumber
            aria-label="有效问卷数"
            min={1}
            max={1_000_000}
            precision={0}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item
          label="满意度（%）"
          name="satisfaction"
          rules={[
            { required: true, pattern: DECIMAL, message: '满意度应为 0–100 之间的数字，最多四位小数' },
            {
              validator: (_, v?: string) =>
                v && Number(v) > 100 ? Promise.reject(new Error('满意度不能超过 100%')) : Promise.resolve(),
            },
          ]}
        >
          <Input aria-label="满意度" inputMode="decimal" placeholder="如 98.38" />
        </Form.Item>
        <EffectiveDateField label="调查日期" />
      </ActionForm>
    </Section>
  );
}
