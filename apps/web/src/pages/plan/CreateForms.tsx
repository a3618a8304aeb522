import { Col, DatePicker, Input, InputNumber, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { PlanCompletion } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm, type ActionFormProps } from '../../components/ActionForm';
import { FieldRow, FormField, optionsOf } from '../../components/FormField';
import { Section } from '../../components/Page';
import { useSession } from '../../session';
import { UserSelect } from './UserSelect';

const SUBCATEGORIES = optionsOf({
  quantity: '产出 · 数量指标',
  quality: '产出 · 质量指标',
  timeliness: '产出 · 时效指标',
  social: '效益 · 社会效益指标',
  sustainable: '效益 · 可持续影响指标',
  satisfaction: '满意度指标',
  funds: '管理 · 资金管理指标',
  project: '管理 · 项目管理指标',
});

const LEVEL_KINDS = optionsOf({ school: '学校层面', group: '专业群层面' });

const RULES = optionsOf({ proportional: '按比例', threshold: '达标', manual: '人工' });

const COMPARATORS = optionsOf({ '>=': '≥', '>': '>', '<=': '≤（越低越好）', '<': '<（越低越好）', '=': '=' });

const YEAR = <InputNumber min={2000} max={2100} />;

/** One create form in its own card, half the width on a large screen. */
function FormCard<T extends object>({ title, ...form }: ActionFormProps<T> & { title: string }) {
  return (
    <Col xs={24} lg={12}>
      <Section title={title}>
        <ActionForm<T> {...form} />
      </Section>
    </Col>
  );
}

/** Create forms for a plan, a level, a project, a task and an indicator. */
export function CreateForms({ planId }: { planId: string }) {
  const { can, reloadPlans } = useSession();
  const completion = useApi<PlanCompletion>(`/api/plans/${planId}/completion`);
  const levels = completion.data?.levels ?? [];
  const projects = levels.flatMap((l) => l.projects.map((p) => ({ ...p, levelName: l.name })));
  const levelField = (
    <FormField
      label="层面"
      name="levelId"
      required="请选择层面"
      input={<Select options={levels.map((l) => ({ value: l.levelId, label: l.name }))} />}
    />
  );

  return (
    <Row gutter={16}>
      {can.administrator && (
        <FormCard<{ name: string; school: string; startYear: number; endYear: number }>
          title="新建建设方案"
          path="/api/plans"
          submitText="新建方案"
          success="方案已创建"
          onDone={() => void reloadPlans()}
        >
          <FormField label="方案名称" name="name" required="请填写方案名称" input={<Input />} />
          <FormField label="学校" name="school" required="请填写学校" input={<Input />} />
          <FormField label="起始年度" name="startYear" required="请填写年度" input={YEAR} />
          <FormField label="结束年度" name="endYear" required="请填写年度" input={YEAR} />
        </FormCard>
      )}
      <FormCard<{ name: string; kind: string; weight: number }>
        title="添加层面"
        path={`/api/plans/${planId}/levels`}
        toBody={(v) => ({ ...v, weight: String(v.weight) })}
        submitText="添加层面"
        success="层面已添加"
        onDone={completion.reload}
        testId="create-level"
      >
        <FormField
          label="名称"
          name="name"
          required="请填写名称"
          input={<Input placeholder="如：学校层面、煤化工技术专业群" />}
        />
        <FormField label="类别" name="kind" required="请选择类别" input={<Select options={LEVEL_KINDS} />} />
        <FormField
          label="权重（0–1）"
          name="weight"
          required="请填写权重"
          input={<InputNumber min={0} max={1} step={0.05} />}
        />
      </FormCard>
      <FormCard<{ levelId: string; code: string; name: string }>
        title="添加项目"
        path={`/api/plans/${planId}/projects`}
        submitText="添加项目"
        success="项目已添加"
        onDone={completion.reload}
      >
        {levelField}
        <FormField label="编号" name="code" required="请填写编号" input={<Input placeholder="如：1" />} />
        <FormField label="名称" name="name" required="请填写名称" input={<Input />} />
      </FormCard>
      <FormCard<{ projectId: string; title: string; ownerId: string; dueDate: Dayjs }>
        title="新建建设任务"
        path={`/api/plans/${planId}/tasks`}
        toBody={(v) => ({ ...v, dueDate: v.dueDate.format('YYYY-MM-DD') })}
        submitText="新建任务"
        testId="create-task"
        success="任务已创建"
        onDone={completion.reload}
      >
        <FormField
          label="项目"
          name="projectId"
          required="请选择项目"
          input={
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={projects.map((p) => ({
                value: p.projectId,
                label: `${p.levelName} 项目${p.code} ${p.name}`,
              }))}
            />
          }
        />
        <FormField label="任务名称" name="title" required="请填写任务名称" input={<Input />} />
        <FormField
          label="负责人"
          name="ownerId"
          required="请选择负责人"
          input={<UserSelect planId={planId} testId="owner-picker" />}
        />
        <FormField label="截止日期" name="dueDate" required="请选择截止日期" input={<DatePicker />} />
      </FormCard>
      <FormCard<{
        levelId: string;
        subcategory: string;
        groupCode: string;
        groupName: string;
        code: string;
        name: string;
        points: number;
        comparator: string;
        value: string;
        unit: string;
        rule: string;
      }>
        title="定义绩效指标（数值目标）"
        path={`/api/plans/${planId}/indicators`}
        toBody={(v) => ({
          levelId: v.levelId,
          subcategory: v.subcategory,
          group: { code: v.groupCode, name: v.groupName },
          code: v.code,
          name: v.name,
          points: String(v.points),
          target: { kind: 'numeric', comparator: v.comparator, value: v.value, unit: v.unit ?? '' },
          rule: { kind: v.rule },
        })}
        submitText="定义指标"
        success="指标已定义"
      >
        {levelField}
        <FormField
          label="二级指标"
          name="subcategory"
          required="请选择"
          input={<Select options={SUBCATEGORIES} />}
        />
        <FieldRow spans={[8, 16]}>
          <FormField label="行编号" name="groupCode" required="必填" input={<Input placeholder="1.1.1" />} />
          <FormField label="行名称" name="groupName" required="必填" input={<Input />} />
        </FieldRow>
        <FieldRow spans={[8, 16]}>
          <FormField label="指标编号" name="code" required="必填" input={<Input placeholder="1.1.1.1" />} />
          <FormField label="指标名称" name="name" required="必填" input={<Input />} />
        </FieldRow>
        <FieldRow spans={[6, 6, 6, 6]}>
          <FormField label="分值" name="points" required="必填" input={<InputNumber min={0} step={0.1} />} />
          <FormField
            label="比较"
            name="comparator"
            initialValue=">="
            input={<Select options={COMPARATORS} />}
          />
          <FormField label="目标值" name="value" required="必填" input={<Input />} />
          <FormField label="单位" name="unit" initialValue="项" input={<Input />} />
        </FieldRow>
        <FormField
          label="评分规则"
          name="rule"
          initialValue="proportional"
          input={<Select options={RULES} />}
        />
      </FormCard>
    </Row>
  );
}
