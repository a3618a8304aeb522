import { Table } from 'antd';
import type { WarningsView } from '@sg/contracts';
import type { Loaded } from '../../api/use-api';
import { GradeTag } from '../../components/Figures';
import { LoadedSection } from '../../components/Page';

/** 预警, the worst first. */
export function WarningsSection({ warnings }: { warnings: Loaded<WarningsView> }) {
  return (
    <LoadedSection title="预警（只计已到期的任务与已到期的年度里程碑，最严重的在前）" loaded={warnings}>
      {(data) => (
        <Table
          size="small"
          rowKey={(w) => `${w.scope}:${w.taskId ?? w.projectCode}:${w.level}`}
          dataSource={data.warnings}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          scroll={{ x: 760 }}
          data-testid="warnings-table"
          columns={[
            {
              title: '程度',
              dataIndex: 'grade',
              width: 70,
              render: (g: string) => <GradeTag grade={g} />,
            },
            { title: '层面', dataIndex: 'level', width: 110 },
            {
              title: '项目 / 任务',
              render: (_, w) =>
                w.scope === 'task' ? (
                  <>
                    项目{w.projectCode} · {w.title}
                  </>
                ) : (
                  <>
                    项目{w.projectCode} {w.projectName}（整体）
                  </>
                ),
            },
            { title: '应完成', width: 80, render: (_, w) => w.display.expected },
            { title: '实际', width: 80, render: (_, w) => w.display.actual },
            { title: '落后', width: 80, render: (_, w) => w.display.gap },
            { title: '依据', dataIndex: 'basis', width: 90 },
          ]}
        />
      )}
    </LoadedSection>
  );
}
