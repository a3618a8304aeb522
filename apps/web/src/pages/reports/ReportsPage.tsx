import { Alert, Table, Tabs, Tag, Typography } from 'antd';
import { figureColumns, RowsTable } from '../../components/RowsTable';
import type { PlanCompletion, ReconciliationReport, ScoreReport } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { AsOfControl, useAsOf } from '../../components/AsOf';
import { DownloadButton } from '../../components/DownloadButton';
import { GradeTag } from '../../components/Figures';
import { LoadedView, NoPlan, PageHeader, Section } from '../../components/Page';
import { useSession } from '../../session';
import { BasisControl, basisText, useBasis } from '../../components/Basis';

const STATUS: Record<string, { text: string; color: string }> = {
  match: { text: '一致', color: 'green' },
  mismatch: { text: '不一致', color: 'red' },
  'not-found': { text: '无对应计算值', color: 'orange' },
};

/** 报表: the self-evaluation tables and 绩效自评表 on screen, as XLSX and as the Word report; declared vs computed figures. */
export default function ReportsPage() {
  const { plan, can } = useSession();
  const asOf = useAsOf();
  const basis = useBasis();
  const base = plan ? `/api/plans/${plan.planId}` : null;
  const completion = useApi<PlanCompletion>(base && `${base}/completion`, { ...asOf, basis });
  const scores = useApi<ScoreReport>(base && `${base}/scores`, { ...asOf });
  const reconciliation = useApi<ReconciliationReport[]>(base && `${base}/reconciliation`);
  if (!plan || !base) return <NoPlan />;

  return (
    <div data-testid="page-reports">
      <PageHeader
        title="报表"
        extra={
          <>
            <AsOfControl />
            <DownloadButton
              path={`${base}/exports/tables.xlsx`}
              query={{ ...asOf, basis }}
              fileName="自评表格.xlsx"
            >
              导出自评表格（XLSX）
            </DownloadButton>
            <DownloadButton
              path={`${base}/exports/self-evaluation.docx`}
              query={{ ...asOf }}
              fileName="绩效自评报告.docx"
            >
              导出绩效自评报告（DOCX）
            </DownloadButton>
            {(can.readsEverything || can.officeOf(plan.planId)) && (
              <DownloadButton
                path={`${base}/exports/evidence-catalogue.xlsx`}
                fileName="佐证材料目录清单.xlsx"
              >
                导出佐证材料目录（XLSX）
              </DownloadButton>
            )}
          </>
        }
      />
      <Tabs
        items={[
          {
            key: 'tables',
            label: '自评表格',
            children: (
              <>
                <Section title="表1 建设任务完成情况" extra={<BasisControl basis={basis} />}>
                  <LoadedView loaded={completion}>
                    {(data) => (
                      <>
                        <Typography.Text type="secondary" data-testid="report-completion-basis">
                          {basisText(data)}
                        </Typography.Text>
                        <RowsTable
                          width={640}
                          testId="report-completion"
                          dataSource={[
                            ...data.levels.flatMap((l) => [
                              ...l.projects.map((p) => ({
                                key: p.projectId,
                                level: l.name,
                                name: `项目${p.code} ${p.name}`,
                                ...p.display,
                              })),
                              { key: `${l.levelId}:sum`, level: l.name, name: '小计', ...l.display },
                            ]),
                            { key: 'total', level: '合计', name: '', ...data.display },
                          ]}
                          columns={[
                            { title: '层面', dataIndex: 'level', width: 120 },
                            { title: '项目', dataIndex: 'name' },
                            ...figureColumns({ total: 80, completed: 80, rate: 90, remark: 130 }),
                          ]}
                        />
                      </>
                    )}
                  </LoadedView>
                </Section>
                <LoadedView loaded={scores}>
                  {(data) => (
                    <>
                      {data.levels.map((level) => (
                        <Section key={level.levelId} title={`${level.name}：数量、质量等指标统计表`}>
                          <RowsTable
                            width={640}
                            dataSource={level.categories.flatMap((c) =>
                              c.subcategories.flatMap((s) => [
                                ...s.rows.map((r) => ({
                                  key: `${s.subcategory}:${r.code}`,
                                  sub: s.name,
                                  name: `${r.code} ${r.name}`,
                                  ...r.display,
                                  remark: r.remark,
                                })),
                                {
                                  key: `${s.subcategory}:sum`,
                                  sub: s.name,
                                  name: '小计',
                                  ...s.display,
                                  remark: s.overCompleted > 0 ? `超额完成 ${s.overCompleted} 个` : '',
                                },
                              ]),
                            )}
                            columns={[
                              { title: '二级指标', dataIndex: 'sub', width: 110 },
                              { title: '三级指标', dataIndex: 'name' },
                              ...figureColumns({
                                count: 70,
                                completed: 70,
                                rate: 80,
                                score: 70,
                                remark: 120,
                              }),
                            ]}
                          />
                        </Section>
                      ))}
                    </>
                  )}
                </LoadedView>
              </>
            ),
          },
          {
            key: 'self-evaluation',
            label: '绩效自评表',
            children: (
              <LoadedView loaded={scores}>
                {(data) => (
                  <Section title="绩效自评表">
                    <RowsTable
                      width={560}
                      testId="self-evaluation"
                      dataSource={[
                        ...data.levels.flatMap((l) => [
                          ...l.categories.map((c) => ({
                            key: `${l.levelId}:${c.category}`,
                            level: l.name,
                            name: c.name,
                            points: c.display.points,
                            score: c.display.score,
                            grade: '',
                          })),
                          {
                            key: `${l.levelId}:total`,
                            level: l.name,
                            name: `层面得分（权重 ${l.display.weight}）`,
                            points: '100.00',
                            score: l.display.total,
                            grade: l.grade,
                          },
                        ]),
                        {
                          key: 'total',
                          level: '加权总分',
                          name: '',
                          points: '100.00',
                          score: data.display.total,
                          grade: data.grade,
                        },
                      ]}
                      columns={[
                        { title: '层面', dataIndex: 'level', width: 120 },
                        { title: '一级指标', dataIndex: 'name' },
                        ...figureColumns({ points: 80, score: 80 }),
                        {
                          title: '等级',
                          dataIndex: 'grade',
                          width: 70,
                          render: (g: string) => (g ? <GradeTag grade={g} /> : null),
                        },
                      ]}
                    />
                  </Section>
                )}
              </LoadedView>
            ),
          },
          {
            key: 'reconciliation',
            label: '核对',
            children: (
              <LoadedView loaded={reconciliation}>
                {(reports) =>
                  reports.length === 0 ? (
                    <Alert
                      type="info"
                      title="尚未登记报告所列的数字。项目办登记后，这里逐项比对报告数字与按记录计算的数字。"
                    />
                  ) : (
                    <>
                      {reports.map((r) => (
                        <Section
                          key={r.report}
                          title={r.report}
                          extra={
                            <Typography.Text type={r.mismatches > 0 ? 'danger' : 'success'}>
                              截至 {r.cutoff}，不一致 {r.mismatches} 处
                            </Typography.Text>
                          }
                        >
                          <Table
                            size="small"
                            rowKey={(f, i) => `${f.measure}:${i}`}
                            data-testid="reconciliation"
                            dataSource={[...r.figures].sort(
                              (a, b) => Number(b.status !== 'match') - Number(a.status !== 'match'),
                            )}
                            pagination={{ pageSize: 20, showSizeChanger: false }}
                            scroll={{ x: 720 }}
                            columns={[
                              {
                                title: '核对结果',
                                dataIndex: 'status',
                                width: 90,
                                render: (s: string) => (
                                  <Tag color={STATUS[s]?.color ?? 'default'}>
                                    {STATUS[s]?.text ?? '无法核对'}
                                  </Tag>
                                ),
                              },
                              { title: '报告原文', dataIndex: 'source' },
                              { title: '报告数字', dataIndex: 'value', width: 90 },
                              { title: '计算结果', dataIndex: 'computed', width: 90 },
                              { title: '说明', dataIndex: 'message' },
                            ]}
                          />
                        </Section>
                      ))}
                    </>
                  )
                }
              </LoadedView>
            ),
          },
        ]}
      />
    </div>
  );
}
