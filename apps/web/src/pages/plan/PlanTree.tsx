import { Alert, App, Button, Form, Modal, Select, Space, Table, Typography } from 'antd';
import { RowsTable } from '../../components/RowsTable';
import { useState } from 'react';
import type { DepartmentView, PlanCompletion, ScoreReport, TaskView } from '@sg/contracts';
import { api } from '../../api/client';
import { useAction } from '../../components/use-action';
import { targetText } from '../../api/figures';
import { useApi } from '../../api/use-api';
import { RateBar } from '../../components/Figures';
import { LoadedView, Section } from '../../components/Page';
import { ActionForm } from '../../components/ActionForm';
import { useSession } from '../../session';
import { UserSelect } from './UserSelect';

const RULES: Record<string, string> = {
  proportional: '按比例',
  threshold: '达标',
  banded: '分档',
  qualitative: '定性',
  manual: '人工',
  'execution-rate': '执行率',
};

/** Levels → projects → tasks (loaded when a project opens), and the indicator tree. */
export function PlanTree({ planId }: { planId: string }) {
  const [department, setDepartment] = useState<string | undefined>(undefined);
  const query = department ? { department } : undefined;
  const completion = useApi<PlanCompletion>(`/api/plans/${planId}/completion`, query);
  const scores = useApi<ScoreReport>(`/api/plans/${planId}/scores`);
  const departments = useApi<{ items: DepartmentView[] }>('/api/departments');
  const { can } = useSession();

  return (
    <>
      <Section
        title="层面、项目与建设任务"
        extra={
          <Space>
            <Typography.Text type="secondary">部门</Typography.Text>
            <Select
              allowClear
              placeholder="全部部门"
              style={{ width: 180 }}
              value={department}
              onChange={setDepartment}
              data-testid="department-filter"
              options={(departments.data?.items ?? []).map((d) => ({ value: d.departmentId, label: d.name }))}
            />
          </Space>
        }
      >
        <LoadedView loaded={completion}>
          {(data) => (
            <RowsTable
              width={720}
              testId="plan-tree"
              dataSource={data.levels.flatMap((l) =>
                l.projects.map((p) => ({
                  key: p.projectId,
                  level: l.name,
                  name: `项目${p.code} ${p.name}`,
                  rate: p.rate,
                  display: p.display.rate,
                  tasks: p.display.total,
                })),
              )}
              expandable={{
                expandedRowRender: (row) => (
                  <ProjectTasks
                    planId={planId}
                    projectId={row.key}
                    department={department}
                    departments={departments.data?.items ?? []}
                    manages={can.officeOf(planId) && !can.auditor}
                  />
                ),
              }}
              columns={[
                { title: '层面', dataIndex: 'level', width: 130 },
                { title: '项目（展开查看建设任务）', dataIndex: 'name' },
                { title: '任务数', dataIndex: 'tasks', width: 80 },
                {
                  title: '完成率',
                  width: 200,
                  render: (_, r) => <RateBar rate={r.rate} display={r.display} size="small" />,
                },
              ]}
            />
          )}
        </LoadedView>
      </Section>
      <Section title="绩效指标">
        <LoadedView loaded={scores}>
          {(data) => (
            <RowsTable
              width={800}
              height={480}
              dataSource={data.levels.map((l) => ({
                key: l.levelId,
                name: l.name,
                children: l.categories.flatMap((c) =>
                  c.subcategories.map((s) => ({
                    key: `${l.levelId}:${s.subcategory}`,
                    name: `${c.name} · ${s.name}`,
                    points: s.points,
                    children: s.rows.map((r) => ({
                      key: `${l.levelId}:${s.subcategory}:${r.code}`,
                      name: `${r.code} ${r.name}`,
                      points: r.points,
                      children: r.indicators.map((i) => ({
                        key: i.indicatorId,
                        name: `${i.code} ${i.name}`,
                        points: i.points,
                        target: targetText(i.target),
                        rule: RULES[i.rule.kind] ?? '',
                      })),
                    })),
                  })),
                ),
              }))}
              columns={[
                { title: '指标', dataIndex: 'name' },
                { title: '分值', dataIndex: 'points', width: 80 },
                { title: '目标值', dataIndex: 'target', width: 140 },
                { title: '评分规则', dataIndex: 'rule', width: 100 },
              ]}
            />
          )}
        </LoadedView>
      </Section>
    </>
  );
}

/** A row of the tasks table: a 二级任务 holding its yearly tasks, or a task. */
type TaskRow = TaskView | { group: string; taskId: string; title: string; children: TaskView[] };

function isGroup(row: TaskRow): row is Extract<TaskRow, { group: string }> {
  return 'group' in row;
}

function ownersOf(tasks: TaskView[]): string {
  const names = [...new Set(tasks.map((t) => t.ownerName || '未分配'))];
  return names.length === 1 ? names[0] : `${names.length} 人`;
}

/** 指定负责人 for every task of one 二级任务, picked by name, in one request. */
function SecondaryTaskOwner({
  planId,
  projectId,
  group,
  onClose,
  onDone,
}: {
  planId: string;
  projectId: string;
  group: { title: string; count: number };
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [ownerId, setOwnerId] = useState<string | undefined>(undefined);
  const { busy, error, run } = useAction();
  const save = async () => {
    if (!ownerId) return;
    await run(async () => {
      const result = await api<{ assigned: number; unchanged: number }>(`/api/plans/${planId}/task-owners`, {
        method: 'POST',
        body: { ownerId, secondaryTask: { projectId, secondaryTask: group.title } },
      });
      message.success(`已为 ${result.assigned + result.unchanged} 项任务指定负责人`);
      onDone();
    });
  };
  return (
    <Modal
      open
      title={`指定负责人：${group.title}`}
      okText="指定"
      cancelText="取消"
      okButtonProps={{ disabled: !ownerId, loading: busy }}
      onOk={() => void save()}
      onCancel={onClose}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>该二级任务下的全部 {group.count} 项年度任务将由此人负责。</Typography.Text>
        <UserSelect planId={planId} value={ownerId} onChange={setOwnerId} testId="secondary-task-owner" />
        {error && <Alert type="error" showIcon title={error.title} description={error.detail} />}
      </Space>
    </Modal>
  );
}

function ProjectTasks({
  planId,
  projectId,
  department,
  departments,
  manages,
}: {
  planId: string;
  projectId: string;
  department?: string;
  departments: DepartmentView[];
  manages: boolean;
}) {
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<TaskView | null>(null);
  const [assigning, setAssigning] = useState<{ title: string; count: number } | null>(null);
  const options = departments.map((d) => ({ value: d.departmentId, label: d.name }));
  const tasks = useApi<{ items: TaskView[] }>(
    `/api/projects/${projectId}/tasks`,
    department ? { department } : undefined,
  );
  return (
    <LoadedView loaded={tasks}>
      {(data) => (
        <>
          {editing && (
            <Modal
              open
              title={`牵头单位与参与单位：${editing.title}`}
              footer={null}
              onCancel={() => setEditing(null)}
            >
              <ActionForm<{ leadDepartmentId: string; participantDepartmentIds?: string[] }>
                path={`/api/tasks/${editing.taskId}/units`}
                submitText="保存"
                success="已设置牵头单位与参与单位"
                initialValues={{
                  leadDepartmentId: editing.units?.lead?.departmentId,
                  participantDepartmentIds: editing.units?.participants.map((d) => d.departmentId) ?? [],
                }}
                onDone={() => {
                  setEditing(null);
                  tasks.reload();
                }}
              >
                <Form.Item
                  label="牵头单位"
                  name="leadDepartmentId"
                  rules={[{ required: true, message: '请选择牵头单位' }]}
                >
                  <Select showSearch={{ optionFilterProp: 'label' }} options={options} />
                </Form.Item>
                <Form.Item label="参与单位" name="participantDepartmentIds">
                  <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={options} />
                </Form.Item>
              </ActionForm>
            </Modal>
          )}
          {assigning && (
            <SecondaryTaskOwner
              planId={planId}
              projectId={projectId}
              group={assigning}
              onClose={() => setAssigning(null)}
              onDone={() => {
                setAssigning(null);
                tasks.reload();
              }}
            />
          )}
          {data.items.length === 0 ? (
            <Typography.Text type="secondary">
              {department ? '该项目没有此部门牵头或参与的建设任务。' : '该项目还没有建设任务。'}
            </Typography.Text>
          ) : (
            <Table<TaskRow>
              size="small"
              rowKey="taskId"
              data-testid="project-tasks"
              dataSource={rowsOf(data.items)}
              pagination={{ current: page, onChange: setPage, pageSize: 10, showSizeChanger: false }}
              columns={[
                { title: '建设任务', dataIndex: 'title' },
                {
                  title: '负责人',
                  render: (_, t) => (isGroup(t) ? ownersOf(t.children) : t.ownerName || '未分配'),
                  width: 110,
                },
                {
                  title: '牵头单位',
                  width: 140,
                  render: (_, t) =>
                    isGroup(t) ? (
                      ''
                    ) : t.units?.lead ? (
                      <span title={t.units.participants.map((d) => d.name).join('、') || undefined}>
                        {t.units.lead.name}
                        {t.units.participants.length > 0 ? ` 等 ${t.units.participants.length + 1} 个` : ''}
                      </span>
                    ) : (
                      '—'
                    ),
                },
                ...(manages
                  ? [
                      {
                        title: '操作',
                        width: 90,
                        render: (_: unknown, t: TaskRow) =>
                          isGroup(t) ? (
                            <Button
                              size="small"
                              type="link"
                              onClick={() => setAssigning({ title: t.group, count: t.children.length })}
                            >
                              指定负责人
                            </Button>
                          ) : (
                            <Button size="small" type="link" onClick={() => setEditing(t)}>
                              设置单位
                            </Button>
                          ),
                      },
                    ]
                  : []),
                {
                  title: '截止日期',
                  width: 110,
                  render: (_, t) => (isGroup(t) ? `${t.children.length} 项` : t.dueDate),
                },
                {
                  title: '完成度',
                  width: 160,
                  render: (_, t) =>
                    isGroup(t) ? null : (
                      <RateBar rate={t.completion} display={t.completionPercent} size="small" />
                    ),
                },
              ]}
            />
          )}
        </>
      )}
    </LoadedView>
  );
}

/**
 * Tasks under their 二级任务 (a task without one stays a row of its own), in the order first met,
 * so that a whole 二级任务 is one row to assign.
 */
function rowsOf(tasks: TaskView[]): TaskRow[] {
  const rows: TaskRow[] = [];
  const groups = new Map<string, TaskView[]>();
  for (const task of tasks) {
    if (!task.secondaryTask) {
      rows.push(task);
      continue;
    }
    let children = groups.get(task.secondaryTask);
    if (!children) {
      children = [];
      groups.set(task.secondaryTask, children);
      rows.push({
        group: task.secondaryTask,
        taskId: `group:${task.secondaryTask}`,
        title: task.secondaryTask,
        children,
      });
    }
    children.push(task);
  }
  return rows;
}
