import { Table, Typography } from 'antd';
import { useState } from 'react';
import type { PlanCompletion, ScoreReport, TaskView, UserView } from '@sg/contracts';
import { targetText } from '../../api/figures';
import { useApi } from '../../api/use-api';
import { RateBar } from '../../components/Figures';
import { LoadedView, Section } from '../../components/Page';

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
  const completion = useApi<PlanCompletion>(`/api/plans/${planId}/completion`);
  const scores = useApi<ScoreReport>(`/api/plans/${planId}/scores`);
  const users = useApi<UserView[]>('/api/users');
  const userName = (id: string) => users.data?.find((u) => u.userId === id)?.displayName ?? '（负责人）';

  return (
    <>
      <Section title="层面、项目与建设任务">
        <LoadedView loaded={completion}>
          {(data) => (
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 720 }}
              data-testid="plan-tree"
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
                expandedRowRender: (row) => <ProjectTasks projectId={row.key} userName={userName} />,
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
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 800, y: 480 }}
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

function ProjectTasks({ projectId, userName }: { projectId: string; userName: (id: string) => string }) {
  const [page, setPage] = useState(1);
  const tasks = useApi<{ items: TaskView[] }>(`/api/projects/${projectId}/tasks`);
  return (
    <LoadedView loaded={tasks}>
      {(data) =>
        data.items.length === 0 ? (
          <Typography.Text type="secondary">该项目还没有建设任务。</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="taskId"
            dataSource={data.items}
            pagination={{ current: page, onChange: setPage, pageSize: 10, showSizeChanger: false }}
            columns={[
              { title: '建设任务', dataIndex: 'title' },
              {
                title: '负责人',
                render: (_, t) => (t.ownerId === null ? '未分配' : userName(t.ownerId)),
                width: 120,
              },
              { title: '截止日期', dataIndex: 'dueDate', width: 110 },
              {
                title: '完成度',
                width: 160,
                render: (_, t) => <RateBar rate={t.completion} display={t.completionPercent} size="small" />,
              },
            ]}
          />
        )
      }
    </LoadedView>
  );
}
