import { Table, Tag, Typography } from 'antd';
import type { AchievementsView } from '@sg/contracts';
import type { Loaded } from '../../api/use-api';
import { LoadedSection } from '../../components/Page';

/** 标志性成果 by level, each level expandable to its achievements. */
export function AchievementsSection({
  achievements,
  levelName,
}: {
  achievements: Loaded<AchievementsView>;
  levelName: (levelId: string) => string;
}) {
  return (
    <LoadedSection title="标志性成果（按层面）" loaded={achievements}>
      {(data) =>
        data.total === 0 ? (
          <Typography.Text type="secondary">截至所选日期，尚无登记的标志性成果。</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="levelId"
            pagination={false}
            dataSource={data.levels}
            expandable={{
              expandedRowRender: (level) => (
                <ul style={{ margin: 0 }}>
                  {level.achievements.map((a) => (
                    <li key={a.achievementId}>
                      <Tag color={a.tier === 'national' ? 'red' : 'blue'}>
                        {a.tier === 'national' ? '国家级' : '省级'}
                      </Tag>
                      {a.title}（{a.attribution}，{a.awardedOn}）
                    </li>
                  ))}
                </ul>
              ),
            }}
            columns={[
              { title: '层面', render: (_, l) => levelName(l.levelId) },
              { title: '国家级', dataIndex: 'national' },
              { title: '省级', dataIndex: 'regional' },
              { title: '合计', dataIndex: 'total' },
            ]}
          />
        )
      }
    </LoadedSection>
  );
}
