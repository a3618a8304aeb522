import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { STAGE_ROLES, type ActualValue, type StageRole, type StageRule } from '@sg/domain';
import { byKind, decimal, list, MatchesShape, object, oneOf, text, type Check } from '../http/shapes';
import { ReasonDto } from '../http/reason.dto';
import {
  CalendarDate,
  CompletionField,
  EntityIdField,
  Field,
  Nested,
  nestedList,
  OptionalField,
  OptionalText,
  RequiredText,
  TextList,
} from '../http/fields';
import { PageQueryDto } from '../http/list-query';
import { ENTITY_ID } from '../http/ids';
import { INBOX_SORTS, type InboxSort, type SubmissionContent } from '@sg/contracts';
import { BATCH_APPROVAL_MAX } from '@sg/application';
import { actual } from '../indicators/indicators.dto';

const rule = byKind({ any: {}, all: {}, share: { share: decimal } });
const date: Check = (v, path) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : `${path} 应为日期（YYYY-MM-DD）`;

class StageReviewersDto {
  @Field(
    {
      enum: STAGE_ROLES,
      isArray: true,
      description: '按角色：与任务所在项目、方案相匹配的持有人',
    },
    IsArray(),
    ArrayMaxSize(4),
    IsIn([...STAGE_ROLES], { each: true }),
  )
  roles!: StageRole[];

  @TextList(50, { description: '指定人员（用户编号）' })
  users!: string[];
}

class StageDto {
  @RequiredText(50, { example: '项目负责人审核' })
  name!: string;

  @Field(
    {
      example: { kind: 'any' },
      description: 'any 或签；all 会签；share 按比例（如 {"kind":"share","share":"0.5"}）',
    },
    MatchesShape(rule),
  )
  rule!: StageRule;

  @Nested(StageReviewersDto)
  reviewers!: StageReviewersDto;
}

/** An achievement a submission claims, in the shape the contract gives it. */
type ClaimedAchievement = NonNullable<SubmissionContent['achievements']>[number];

export class ApprovalChainDto extends ReasonDto {
  @Field(
    {
      example: 'plan',
      description:
        'plan（全方案）、level:<层面编号> 或 project:<项目编号>，越具体越优先；rectification 为整改材料的审核流程',
    },
    Matches(/^(plan|rectification|(level|project):[0-9a-zA-Z-]{1,64})$/),
  )
  scope!: string;

  @Field({ type: [StageDto] }, ...nestedList(StageDto, 6))
  stages!: StageDto[];
}

export class SubmitDto extends ReasonDto {
  @CompletionField({ example: '0.6', description: '截至进展日期的完成度（1 即 100%）' })
  completion!: string;

  @CalendarDate({ example: '2021-12-31' })
  effectiveDate!: string;

  @RequiredText(10_000, { description: '建设成果及成效' })
  narrative!: string;

  @TextList(100, { description: '已上传到该任务的佐证材料编号' })
  evidenceIds!: string[];

  @OptionalField(
    {
      description: '指标实际完成值（各带生效日期），审核通过后计入',
      example: [{ indicatorId: '…', actual: { kind: 'numeric', value: '3' }, effectiveDate: '2021-12-31' }],
    },
    MatchesShape(list(object({ indicatorId: text(64), actual, effectiveDate: date }), 0, 100)),
  )
  indicatorValues?: { indicatorId: string; actual: ActualValue; effectiveDate: string }[];

  @OptionalField(
    {
      description: '申报的标志性成果，审核通过后登记',
      example: [
        {
          levelId: '…',
          title: '全国课程思政示范课',
          tier: 'national',
          attribution: '马克思主义学院',
          awardedOn: '2021-06-01',
        },
      ],
    },
    MatchesShape(
      list(
        object({
          levelId: text(64),
          title: text(500),
          tier: oneOf(['national', 'regional']),
          attribution: text(200),
          awardedOn: date,
        }),
        0,
        50,
      ),
    ),
  )
  achievements?: ClaimedAchievement[];
}

export class ApproveDto {
  @OptionalText(2000, { description: '审核意见' })
  comment?: string;
}

export class RejectDto {
  @RequiredText(2000, { description: '退回原因（必填）' })
  reason!: string;
}

export class TransferDto {
  @EntityIdField('转给的审核人（用户编号）')
  to!: string;

  @RequiredText(2000, { description: '转办原因' })
  reason!: string;
}

export class ChangeEvidenceDto {
  @TextList(100)
  evidenceIds!: string[];
}

export class CommentDto {
  @RequiredText(2000)
  text!: string;
}

/** 待办 as a list: filters, order and paging; unknown parameters are refused. */
export class InboxQueryDto extends PageQueryDto {
  @OptionalText(100, { description: '任务名称或提交人姓名中的文字' }, { message: 'q：查询文字不超过 100 字' })
  q?: string;

  @OptionalField({ description: '项目编号' }, Matches(ENTITY_ID, { message: 'projectId：应为项目编号' }))
  projectId?: string;

  @OptionalField(
    { description: 'true：只列或签环节（可批量通过）的提交' },
    IsIn(['true', 'false'], { message: 'batchable：应为 true 或 false' }),
  )
  batchable?: 'true' | 'false';

  @OptionalField(
    {
      enum: [...INBOX_SORTS],
      description:
        '排序：waiting 等待时长（默认，最久的在前）、due 截止日期、submitted 提交时间、project 项目',
    },
    IsIn(INBOX_SORTS, { message: `sort：排序应为 ${INBOX_SORTS.join('、')} 之一` }),
  )
  sort?: InboxSort;
}

/** 批量通过: submissions at 或签 stages, one reason for all. */
export class BatchApproveDto {
  @Field(
    { type: [String], description: `要通过的提交编号（1–${BATCH_APPROVAL_MAX} 个，不重复）` },
    IsArray({ message: 'submissionIds：应为提交编号的列表' }),
    ArrayMinSize(1, { message: 'submissionIds：至少选择一条提交' }),
    ArrayMaxSize(BATCH_APPROVAL_MAX, { message: `submissionIds：一次最多 ${BATCH_APPROVAL_MAX} 条` }),
    ArrayUnique({ message: 'submissionIds：提交编号不能重复' }),
    Matches(ENTITY_ID, { each: true, message: 'submissionIds：应为提交编号' }),
  )
  submissionIds!: string[];

  @Field(
    { description: '审核意见（批量通过的统一理由），记入每条提交与审计记录' },
    IsString({ message: 'reason：请写明理由' }),
    IsNotEmpty({ message: 'reason：请写明理由' }),
    MaxLength(1000, { message: 'reason：理由不超过 1000 字' }),
  )
  reason!: string;
}
