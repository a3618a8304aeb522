import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { FUND_SOURCES, type FundsView, type RecordFundsBody } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';
import { checkedAgainst } from '../../components/FormField';
import { FundsBySourceTable } from '../../components/FundsTable';
import { LoadedSection, Section } from '../../components/Page';
import { DECIMAL, EffectiveDateField, isoDate, LevelField } from './fields';

type Values = Omit<RecordFundsBody, 'effectiveDate'> & { effectiveDate: Dayjs };

const amount = (label: string) => ({
  required: true,
  pattern: DECIMAL,
  message: `${label}应为不小于 0、最多四位小数的金额（万元）`,
});

const notOverArrived = (spent?: string, arrived?: unknown) =>
  !(spent && DECIMAL.test(spent) && Number(spent) > Number(arrived ?? 0));

/**
 * 资金: budget, funds arrived and spent of one level × source × year (万元), as the office records
 * them, beside the plan's totals by source with 到位率 and 执行率.
 */
export function FundsForm({
  planId,
  levels,
  years,
}: {
  planId: string;
  levels: { levelId: string; name: string }[];
  years?: { startYear: number; endYear: number };
}) {
  const funds = useApi<FundsView>(`/api/plans/${planId}/funds`);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Section title="记录资金">
          <ActionForm<Values>
            path={`/api/plans/${planId}/funds`}
            toBody={(v): RecordFundsBody => ({ ...v, effectiveDate: isoDate(v.effectiveDate) })}
            submitText="记录资金"
            success="资金已记录"
            onDone={funds.reload}
            testId="funds-form"
          >
            <LevelField levels={levels} />
            <Form.Item label="资金来源" name="source" rules={[{ required: true, message: '请选择资金来源' }]}>
              <Select aria-label="资金来源" options={FUND_SOURCES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
            <Form.Item
              label="年度"
              name="year"
              initialValue={years?.startYear}
              rules={[{ required: true, message: '请填写年度' }]}
            >
              <InputNumber aria-label="年度" min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label="预算（万元）" name="budget" rules={[amount('预算')]}>
              <Input aria-label="预算" inputMode="decimal" />
            </Form.Item>
            <Form.Item label="到位资金（万元）" name="arrived" rules={[amount('到位资金')]}>
              <Input aria-label="到位资金" inputMode="decimal" />
            </Form.Item>
            <Form.Item
              label="支出（万元）"
              name="spent"
              {...checkedAgainst('arrived', notOverArrived, '支出不能超过到位资金', [amount('支出')])}
            >
              <Input aria-label="支出" inputMode="decimal" />
            </Form.Item>
            <EffectiveDateField />
          </ActionForm>
        </Section>
      </Col>
      <Col xs={24} lg={14}>
        <LoadedSection title="资金到位与执行（按来源）" loaded={funds}>
          {(data) => <FundsBySourceTable funds={data} testId="funds-by-source" />}
        </LoadedSection>
      </Col>
    </Row>
  );
}
