import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { FINDING_SEVERITIES, FINDING_SOURCES, type FindingSeverity, type FindingSource } from '@sg/domain';
import { FINDING_STATUSES, type FindingStatusName } from '@sg/contracts';
import { ReasonDto } from '../http/reason.dto';
import { ApproveDto } from '../submissions/submissions.dto';
import {
  CalendarDate,
  EntityIdField,
  Nested,
  OneOfField,
  OptionalField,
  OptionalOneOf,
  OptionalText,
  RequiredText,
  Text,
  TextList,
} from '../http/fields';

class FindingSubjectDto {
  @OneOfField(['indicator', 'task'])
  kind!: 'indicator' | 'task';

  @EntityIdField('指标编号或任务编号')
  id!: string;
}

export class RecordFindingDto extends ReasonDto {
  @OneOfField(FINDING_SOURCES, '来源：专家评审、教育部、省教育厅、学校自查、审计、其他')
  source!: FindingSource;

  @OneOfField(FINDING_SEVERITIES, '严重程度：严重、一般、轻微')
  severity!: FindingSeverity;

  @Nested(FindingSubjectDto)
  subject!: FindingSubjectDto;

  @Text(200, { example: '标志性成果佐证不足' })
  title!: string;

  @Text(5000)
  description!: string;
}

export class AssignFindingDto extends ReasonDto {
  @EntityIdField('整改责任人（用户编号）')
  assignee!: string;

  @OptionalText(64, { description: '责任部门（部门管理中的部门编号，可不填）' })
  departmentId?: string;

  @CalendarDate(
    { example: '2022-06-30', description: '整改期限（YYYY-MM-DD）' },
    { message: '整改期限应为日期（YYYY-MM-DD）' },
  )
  deadline!: string;
}

export class SubmitRectificationDto {
  @Text(10_000, { description: '整改情况' })
  narrative!: string;

  @TextList(50, { description: '佐证材料编号（先上传到本方案的任务下）' })
  evidenceIds!: string[];
}

/** Approving a rectification takes what approving a submission takes: an optional comment. */
export class ApproveRectificationDto extends ApproveDto {}

export class ReturnRectificationDto {
  @Text(2000, { description: '退回原因' })
  reason!: string;
}

export class FindingFilterDto {
  @OptionalOneOf(FINDING_STATUSES)
  status?: FindingStatusName;

  @OptionalOneOf(FINDING_SOURCES)
  source?: string;

  @OptionalOneOf(FINDING_SEVERITIES)
  severity?: string;

  @OptionalText(64, { description: '整改责任人（用户编号）' })
  assignee?: string;

  @OptionalField(
    { description: '只看逾期（true）或未逾期（false）' },
    Transform(({ value }: { value: unknown }) =>
      value === 'true' ? true : value === 'false' ? false : value,
    ),
    IsBoolean(),
  )
  overdue?: boolean;
}

export class OpenExpertReviewDto extends ReasonDto {
  @Text(200, { example: '2021 年度绩效评价专家评审' })
  title!: string;

  @CalendarDate({ example: '2021-01-01' }, { message: '评审期间起应为日期（YYYY-MM-DD）' })
  periodFrom!: string;

  @CalendarDate({ example: '2021-12-31' }, { message: '评审期间止应为日期（YYYY-MM-DD）' })
  periodTo!: string;

  @Text(40, { example: '2022-03-31T16:00:00Z', description: '专家账号有效期（到此时刻为止）' })
  accessUntil!: string;
}

export class InviteExpertDto extends ReasonDto {
  @EntityIdField('专家账号（用户编号）：须持有本方案的「评审专家（校外）」角色')
  expertId!: string;
}

export class ExpertScoreDto {
  @RequiredText(64)
  indicatorId!: string;

  @Text(20, { example: '8.5', description: '0 到该指标分值之间，最多两位小数' })
  score!: string;

  @Text(2000, { description: '评审意见' })
  comment!: string;
}
