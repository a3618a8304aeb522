import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { PlanCompletion } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';
import { Section } from '../../components/Page';
import { useSession } from '../../session';
import { UserSelect } from './UserSelect';

const SUBCATEGORIES = [
  { value: 'quantity', label: '产出 · 数量指标' },
  { value: 'quality', label: '产出 · 质量指标' },
  { value: 'timeliness', label: '产出 · 时效指标' },
  { value: 'social', label: '效益 · 社会效益指标' },
  { value: 'sustainable', label: '效益 · 可持续影响指标' },
  { value: 'satisfaction', label: '满意度指标' },
  { value: 'funds', label: '管理 · 资金管理指标' },
  { value: 'project', label: '管理 · 项目管理指标' },
];

const COMPARATORS = [
  { value: '>=', label: '≥' },
  { value: '>', label: '>' },
  { value: '<=', label: '≤（越低越好）' },
  { value: '<', label: '<（越低越好）' },
  { value: '=', label: '=' },
];

/** Create forms for a plan, a level, a project, a task and an indicator. */
export function CreateForms({ planId }: { planId: string }) {
  const { can, reloadPlans } = useSession();
  const completion = useApi<PlanCompletion>(`/api/plans/${planId}/completion`);
  const levels = completion.data?.levels ?? [];
  const projects = levels.flatMap((l) => l.projects.map((p) => ({ ...p, levelName: l.name })));

  return (
    <Row gutter={16}>
      {can.administrator && (
        <Col xs={24} lg={12}>
          <Section title="新建建设方案">
            <ActionForm<{ name: string; school: string; startYear: number; endYear: number }>
              path="/api/plans"
              submitText="新建方案"
              success="方案已创建"
              onDone={() => void reloadPlans()}
            >
              <Form.Item label="方案名称" name="name" rules={[{ required: true, message: '请填写方案名称' }]}>
                <Input />
              </Form.Item>
              <Form.Item label="学校" name="school" rules={[{ required: true, message: '请填写学校' }]}>
                <Input />
              </Form.Item>
              <Form.Item
                label="起始年度"
                name="startYear"
                rules={[{ required: true, message: '请填写年度' }]}
              >
                <InputNumber min={2000} max={2100} />
              </Form.Item>
              <Form.Item label="结束年度" name="endYear" rules={[{ required: true, message: '请填写年度' }]}>
                <InputNumber min={2000} max={2100} />
              </Form.Item>
            </ActionForm>
          </Section>
        </Col>
      )}
      <Col xs={24} lg={12}>
        <Section title="添加层面">
          <ActionForm<{ name: string; kind: string; weight: number }>
            path={`/api/plans/${planId}/levels`}
            toBody={(v) => ({ ...v, weight: String(v.weight) })}
            submitText="添加层面"
            success="层面已添加"
            onDone={completion.reload}
            testId="create-level"
          >
            <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
              <Input placeholder="如：学校层面、煤化工技术专业群" />
            </Form.Item>
            <Form.Item label="类别" name="kind" rules={[{ required: true, message: '请选择类别' }]}>
              <Select
                options={[
                  { value: 'school', label: '学校层面' },
                  { value: 'group', label: '专业群层面' },
                ]}
              />
            </Form.Item>
            <Form.Item label="权重（0–1）" name="weight" rules={[{ required: true, message: '请填写权重' }]}>
              <InputNumber min={0} max={1} step={0.05} />
            </Form.Item>
          </ActionForm>
        </Section>
      </Col>
      <Col xs={24} lg={12}>
        <Section title="添加项目">
          <ActionForm<{ levelId: string; code: string; name: string }>
            path={`/api/plans/${planId}/projects`}
            submitText="添加项目"
            success="项目已添加"
            onDone={completion.reload}
          >
            <Form.Item label="层面" name="levelId" rules={[{ required: true, message: '请选择层面' }]}>
              <Select options={levels.map((l) => ({ value: l.levelId, label: l.name }))} />
            </Form.Item>
            <Form.Item label="编号" name="code" rules={[{ required: true, message: '请填写编号' }]}>
              <Input placeholder="如：1" />
            </Form.Item>
            <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
              <Input />
            </Form.Item>
          </ActionForm>
        </Section>
      </Col>
      <Col xs={24} lg={12}>
        <Section title="新建建设任务">
          <ActionForm<{ projectId: string; title: string; ownerId: string; dueDate: Dayjs }>
            path={`/api/plans/${planId}/tasks`}
            toBody={(v) => ({ ...v, dueDate: v.dueDate.format('YYYY-MM-DD') })}
            submitText="新建任务"
            testId="create-task"
            success="任务已创建"
            onDone={completion.reload}
          >
            <Form.Item label="项目" name="projectId" rules={[{ required: true, message: '请选择项目' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={projects.map((p) => ({
                  value: p.projectId,
                  label: `${p.levelName} 项目${p.code} ${p.name}`,
                }))}
              />
            </Form.Item>
            <Form.Item label="任务名称" name="title" rules={[{ required: true, message: '请填写任务名称' }]}>
              <Input />
            </Form.Item>
            <Form.Item label="负责人" name="ownerId" rules={[{ required: true, message: '请选择负责人' }]}>
              <UserSelect planId={planId} testId="owner-picker" />
            </Form.Item>
            <Form.Item
              label="截止日期"
              name="dueDate"
              rules={[{ required: true, message: '请选择截止日期' }]}
            >
              <DatePicker />
            </Form.Item>
          </ActionForm>
        </Section>
      </Col>
      <Col xs={24} lg={12}>
        <Section title="定义绩效指标（数值目标）">
          <ActionForm<{
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
            <Form.Item label="层面" name="levelId" rules={[{ required: true, message: '请选择层面' }]}>
              <Select options={levels.map((l) => ({ value: l.levelId, label: l.name }))} />
            </Form.Item>
            <Form.Item label="二级指标" name="subcategory" rules={[{ required: true, message: '请选择' }]}>
              <Select options={SUBCATEGORIES} />
            </Form.Item>
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item label="行编号" name="groupCode" rules={[{ required: true, message: '必填' }]}>
                  <Input placeholder="1.1.1" />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item label="行名称" name="groupName" rules={[{ required: true, message: '必填' }]}>
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item label="指标编号" name="code" rules={[{ required: true, message: '必填' }]}>
                  <Input placeholder="1.1.1.1" />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item label="指标名称" name="name" rules={[{ required: true, message: '必填' }]}>
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={6}>
                <Form.Item label="分值" name="points" rules={[{ required: true, message: '必填' }]}>
                  <InputNumber min={0} step={0.1} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="比较" name="comparator" initialValue=">=">
                  <Select options={COMPARATORS} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="目标值" name="value" rules={[{ required: true, message: '必填' }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="单位" name="unit" initialValue="项">
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label="评分规则" name="rule" initialValue="proportional">
              <Select
                options={[
                  { value: 'proportional', label: '按比例' },
                  { value: 'threshold', label: '达标' },
                  { value: 'manual', label: '人工' },
                ]}
              />
            </Form.Item>
          </ActionForm>
        </Section>
      </Col>
    </Row>
  );
}
