import { Form, Input, Radio, Typography } from 'antd';
import { useEffect } from 'react';
import type { PlanSummary } from '@sg/contracts';
import type { ApiError } from '../../api/client';
import { ActionForm } from '../../components/ActionForm';
import { DayField } from '../../components/DayField';

type Kind = 'annual' | 'mid-term' | 'final';
type Layer = 'individual' | 'unit' | 'group' | 'school';
interface LayerWindow {
  opens: string;
  closes: string;
}
interface Values {
  kind: Kind;
  title?: string;
  periodStart: string;
  periodEnd: string;
  cutoff: string;
  windows: Record<Layer, LayerWindow>;
}

const KINDS: { value: Kind; label: string }[] = [
  { value: 'annual', label: '年度' },
  { value: 'mid-term', label: '中期' },
  { value: 'final', label: '终期' },
];

/** The four layers, lowest first, and the days after the period's end each window suggests. */
const LAYERS: { layer: Layer; name: string; days: [number, number] }[] = [
  { layer: 'individual', name: '个人自评', days: [4, 14] },
  { layer: 'unit', name: '建设单位（部门）自评', days: [15, 24] },
  { layer: 'group', name: '建设组自评', days: [25, 34] },
  { layer: 'school', name: '学校自评总结', days: [35, 45] },
];

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * What a kind of campaign usually covers in this plan: 年度 the last whole year, 中期 the first
 * three years, 终期 the whole construction period; the cut-off at the period's end and the layers
 * one after another in the weeks after it. Only a suggestion: the API decides what is valid.
 */
export function suggestedValues(kind: Kind, plan: PlanSummary, today = new Date()): Values {
  const clamp = (year: number) => Math.min(Math.max(year, plan.startYear), plan.endYear);
  const years: Record<Kind, [number, number]> = {
    annual: [clamp(today.getFullYear() - 1), clamp(today.getFullYear() - 1)],
    'mid-term': [plan.startYear, Math.max(plan.startYear, Math.min(plan.endYear - 1, plan.startYear + 2))],
    final: [plan.startYear, plan.endYear],
  };
  const [from, to] = years[kind];
  const periodEnd = `${to}-12-31`;
  return {
    kind,
    periodStart: `${from}-01-01`,
    periodEnd,
    cutoff: periodEnd,
    windows: Object.fromEntries(
      LAYERS.map((l) => [
        l.layer,
        { opens: addDays(periodEnd, l.days[0]), closes: addDays(periodEnd, l.days[1]) },
      ]),
    ) as Record<Layer, LayerWindow>,
  };
}

/** Refills the period, cut-off and windows when the kind is changed. */
function KindPresets({ plan }: { plan: PlanSummary }) {
  const form = Form.useFormInstance<Values>();
  const kind = Form.useWatch('kind', form);
  useEffect(() => {
    if (kind && form.isFieldTouched('kind')) form.setFieldsValue(suggestedValues(kind, plan));
  }, [kind, form, plan]);
  return null;
}

const dateStyle = { minWidth: 150, flex: '1 1 150px' };

/**
 * The field a refusal of the campaign is about: the layer's window the API names (which of its two
 * days by the rule broken), the period, or the cut-off.
 */
function campaignProblemFields(error: ApiError): (string | string[])[] {
  const layer = error.problem?.details?.layer;
  if (typeof layer === 'string' && LAYERS.some((l) => l.layer === layer)) {
    const closes = ['window-reversed', 'window-too-long', 'window-too-late'].includes(error.code);
    return [['windows', layer, closes ? 'closes' : 'opens']];
  }
  if (error.code === 'cutoff-outside-period') return ['cutoff'];
  if (error.code === 'period-reversed') return ['periodEnd'];
  if (error.code.startsWith('period-')) return ['periodStart', 'periodEnd'];
  return [];
}

const row = { display: 'flex', flexWrap: 'wrap', gap: '0 12px' } as const;

/**
 * 开展绩效自评: kind, period, cut-off and the four layers' windows. Whatever is wrong comes back
 * from the API as its Chinese Problem Details, shown above the button and on the field it is about.
 */
export function OpenCampaignForm({
  plan,
  onOpened,
}: {
  plan: PlanSummary;
  onOpened: (campaignId: string) => void;
}) {
  return (
    <ActionForm<Values>
      path={`/api/plans/${plan.planId}/campaigns`}
      testId="open-campaign-form"
      submitText="开展自评"
      success="已开展绩效自评，已按任务负责人与项目确定各层报告的撰写人"
      initialValues={suggestedValues('annual', plan)}
      toBody={(v) => ({ ...v, title: v.title?.trim() || undefined })}
      onDone={(result) => result && onOpened(result.id)}
      problemFields={campaignProblemFields}
    >
      <KindPresets plan={plan} />
      <Form.Item name="kind" label="自评类型" style={{ marginBottom: 8 }}>
        <Radio.Group options={KINDS} optionType="button" />
      </Form.Item>
      <Form.Item name="title" label="自评名称（可不填）" style={{ marginBottom: 8 }}>
        <Input placeholder="不填则为「某年年度 / 中期 / 终期绩效自评」" maxLength={100} />
      </Form.Item>
      <div style={row}>
        <DayField style={dateStyle} name="periodStart" label="自评期间开始" />
        <DayField style={dateStyle} name="periodEnd" label="自评期间结束" />
        <DayField style={dateStyle} name="cutoff" label="统计截止日期" />
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
        四个层级依次进行，每层在下一层截止后开始：
      </Typography.Paragraph>
      {LAYERS.map((l, i) => (
        <div key={l.layer} data-testid={`window-${l.layer}`}>
          <Typography.Text strong>
            {i + 1}. {l.name}
          </Typography.Text>
          <div style={row}>
            <DayField style={dateStyle} name={['windows', l.layer, 'opens']} label={`${l.name}开始`} />
            <DayField style={dateStyle} name={['windows', l.layer, 'closes']} label={`${l.name}截止`} />
          </div>
        </div>
      ))}
    </ActionForm>
  );
}
