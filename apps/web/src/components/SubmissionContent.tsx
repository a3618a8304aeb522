import { Descriptions, Table, Tag, Typography } from 'antd';
import type { SubmissionContent } from '@sg/contracts';
import { submittedActualText } from '../api/figures';

/** What an owner submitted, exactly as submitted. `indicatorName` and `levelName` resolve ids when known. */
export function SubmissionContentView({
  content,
  indicatorName = () => '指标',
  levelName = () => '层面',
}: {
  content: SubmissionContent;
  indicatorName?: (id: string) => string;
  levelName?: (id: string) => string;
}) {
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label="完成度">
          <span data-testid="submitted-completion">
            {Math.round(Number(content.completion) * 10000) / 100}%
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="进展日期">{content.effectiveDate}</Descriptions.Item>
        <Descriptions.Item label="建设成果及成效" span={2}>
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', margin: 0 }}
            data-testid="submitted-narrative"
          >
            {content.narrative}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
      {content.indicatorValues && content.indicatorValues.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey="indicatorId"
          dataSource={content.indicatorValues}
          columns={[
            { title: '指标', render: (_, v) => indicatorName(v.indicatorId) },
            { title: '实际完成值', render: (_, v) => submittedActualText(v.actual) },
            { title: '生效日期', dataIndex: 'effectiveDate' },
          ]}
        />
      )}
      {content.achievements && content.achievements.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey={(a) => `${a.levelId}:${a.title}`}
          dataSource={content.achievements}
          columns={[
            { title: '标志性成果', dataIndex: 'title' },
            {
              title: '级别',
              render: (_, a) => <Tag>{a.tier === 'national' ? '国家级' : '省级'}</Tag>,
            },
            { title: '层面', render: (_, a) => levelName(a.levelId) },
            { title: '归属', dataIndex: 'attribution' },
            { title: '获得日期', dataIndex: 'awardedOn' },
          ]}
        />
      )}
    </>
  );
}
