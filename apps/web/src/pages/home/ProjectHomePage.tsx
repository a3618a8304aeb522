import { Card, Empty, Select, Typography } from 'antd';
import { useState } from 'react';
import type { PlanCompletion, WarningsView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { GradeTag, RateBar } from '../../components/Figures';
import { LoadedView, NoPlan, PageHeader, Section } from '../../components/Page';
import { useSession } from '../../session';
import { TaskSearchList } from './TaskSearchList';

/** 本项目, a project lead's home: the project's completion, its 预警 and each task with its state. */
export default function ProjectHomePage() {
  const { plan, me } = useSession();
  const completion = useApi<PlanCompletion>(plan ? `/api/plans/${plan.planId}/completion` : null);
  const warnings = useApi<WarningsView>(plan ? `/api/plans/${plan.planId}/warnings` : null);
  const [chosen, setChosen] = useState<string | null>(null);
  if (!plan) return <NoPlan />;
  const led = new Set(
    me.roles.filter((g) => g.role === 'project-lead').map((g) => g.scope.replace(/^project:/, '')),
  );
  return (
    <div data-testid="page-project">
      <LoadedView loaded={completion}>
        {(data) => {
          const projects = data.levels.flatMap((l) => l.projects).filter((p) => led.has(p.projectId));
          const project = projects.find((p) => p.projectId === chosen) ?? projects[0];
          if (!project) return <Empty description="您在本方案中没有负责的项目。" />;
          const mine = (warnings.data?.warnings ?? []).filter(
            (w) => w.projectCode === project.code && w.projectName === project.name,
          );
          return (
            <>
              <PageHeader
                title={`项目${project.code} ${project.name}`}
                extra={
                  projects.length > 1 && (
                    <Select
                      aria-label="项目"
                      value={project.projectId}
                      onChange={setChosen}
                      options={projects.map((p) => ({
                        value: p.projectId,
                        label: `项目${p.code} ${p.name}`,
                      }))}
                    />
                  )
                }
              />
              <Card size="small" style={{ marginBottom: 16 }}>
                <Typography.Text>
                  完成 {project.display.completed} / {project.display.total} 项
                </Typography.Text>
                <RateBar rate={project.rate} display={project.display.rate} />
              </Card>
              <Section title={`预警（${mine.length}）`}>
                {mine.length === 0 ? (
                  <Typography.Text type="secondary">本项目暂无预警。</Typography.Text>
                ) : (
                  <div data-testid="project-warnings">
                    {mine.map((w, i) => (
                      <div key={i} style={{ marginBottom: 6, overflowWrap: 'anywhere' }}>
                        <GradeTag grade={w.grade} /> {w.scope === 'task' ? w.title : '项目整体'}：应完成{' '}
                        {w.display.expected}，实际 {w.display.actual}（{w.basis}）
                      </div>
                    ))}
                  </div>
                )}
              </Section>
              <Section title="本项目的任务">
                <TaskSearchList
                  key={project.projectId}
                  planId={plan.planId}
                  fixed={{ projectId: project.projectId }}
                  testId="project-tasks"
                />
              </Section>
            </>
          );
        }}
      </LoadedView>
    </div>
  );
}
