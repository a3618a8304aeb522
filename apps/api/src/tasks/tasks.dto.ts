import { ReasonDto } from '../http/reason.dto';
import { PageQueryDto } from '../http/list-query';
import { ENTITY_ID } from '../http/ids';
import { TASK_SEARCH_SORTS, TASK_STATES, type TaskSearchSort, type TaskState } from '@sg/contracts';
import {
  CompletionField,
  EntityIdField,
  Field,
  nestedList,
  OptionalField,
  OptionalText,
  queryInt,
  RequiredText,
  UserIdField,
  YearField,
  yearRange,
} from '../http/fields';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** A calendar date that is also a real day (2021-02-30 is refused). */
const strictDate = (): PropertyDecorator[] => [
  IsDateString({ strict: true }),
  Matches(/^\d{4}-\d{2}-\d{2}$/),
];

export class MilestoneDto {
  @YearField({ example: 2021 })
  year!: number;

  @CompletionField({ example: '0.6', description: '该年底应达到的完成度' })
  completion!: string;
}

export class DefineTaskDto extends ReasonDto {
  @EntityIdField('所属项目编号')
  projectId!: string;

  @RequiredText(500, { example: '思政课程建设' })
  title!: string;

  @UserIdField('任务负责人的用户编号')
  ownerId!: string;

  @OptionalField(
    { example: '2023-12-31', description: '完成期限；未填时为任务年度的 12 月 31 日（二者至少填一项）' },
    ...strictDate(),
  )
  dueDate?: string;

  @OptionalField(
    { example: 2021, description: '任务书中的年度（“2020年度（含2019年度）”记为 2020）' },
    ...yearRange(),
  )
  year?: number;

  @OptionalText(200, { example: '加强党的建设', description: '所属一级任务' })
  primaryTask?: string;

  @OptionalText(200, { example: '1.实施政治引领专项行动', description: '所属二级任务' })
  secondaryTask?: string;

  @OptionalText(100, {
    example: 'P1/1.1/2021/2',
    description: '任务书中的位置（部分 / 二级任务编号 / 年度 / 第几项），任务调整时据此比对',
  })
  sourceKey?: string;

  @OptionalText(64, { description: '上级任务编号：填写时本任务为该任务的子项目，其完成度汇总到上级任务' })
  parentTaskId?: string;

  @OptionalField(
    { type: [MilestoneDto], description: '年度里程碑（任务书中各年度的分解目标）' },
    ...nestedList(MilestoneDto, 20),
  )
  milestones?: MilestoneDto[];
}

export class RecordProgressDto extends ReasonDto {
  @CompletionField({
    example: '0.39',
    description:
      '截至进展日期的完成度：1 即 100%，超额完成可大于 1（至多 5），最多四位小数（文本，精确计算）',
  })
  completion!: string;

  @Field({ example: '2021-12-31', description: '进展日期（该完成度生效的日期）' }, ...strictDate())
  effectiveDate!: string;

  @OptionalText(5000, { description: '进展说明' })
  note?: string;
}

export class SecondaryTaskRefDto {
  @EntityIdField('项目编号（一级任务导入后成为项目）')
  projectId!: string;

  @RequiredText(200, { example: '1.实施政治引领专项行动，全面加强政治建设', description: '二级任务（原文）' })
  secondaryTask!: string;
}

export class AssignOwnersDto extends ReasonDto {
  @UserIdField('任务负责人的用户编号')
  ownerId!: string;

  @OptionalField(
    { type: [String], description: '要指定负责人的任务编号（与 secondaryTask、leadDepartmentId 三选一）' },
    IsArray(),
    ArrayMaxSize(2000),
    IsString({ each: true }),
    MaxLength(64, { each: true }),
  )
  taskIds?: string[];

  @OptionalField(
    {
      type: SecondaryTaskRefDto,
      description: '该二级任务下的全部任务（与 taskIds、leadDepartmentId 三选一）',
    },
    ValidateNested(),
    Type(() => SecondaryTaskRefDto),
  )
  secondaryTask?: SecondaryTaskRefDto;

  @OptionalText(64, { description: '该部门牵头的本方案全部任务（与 taskIds、secondaryTask 三选一）' })
  leadDepartmentId?: string;
}

/**
 * 任务查询: what the search narrows by and how it pages. Unknown parameters are refused. A
 * department filter (`departmentId`) belongs here once the people directory records departments.
 */
const YEAR_RANGE = 'year：年度应在 2000–2100 之间';

export class TaskSearchQueryDto extends PageQueryDto {
  @OptionalText(
    100,
    { description: '任务名称、二级任务或负责人姓名中的文字' },
    { message: 'q：查询文字不超过 100 字' },
  )
  q?: string;

  @OptionalField(
    { example: '1.3', description: '任务编号（项目编号.序号），或其开头（1 查项目1的全部任务）' },
    Matches(/^[0-9A-Za-z\u4e00-\u9fff-]{1,20}(\.\d{1,4}){0,3}$/, { message: 'code：任务编号应形如 1.3' }),
  )
  code?: string;

  @OptionalField(
    { description: '负责人的用户编号' },
    Matches(ENTITY_ID, { message: 'owner：负责人应为用户编号' }),
  )
  owner?: string;

  @OptionalField(
    { example: 2021, description: '任务书年度' },
    ...queryInt(2000, 2100, { integer: 'year：年度应为整数', min: YEAR_RANGE, max: YEAR_RANGE }),
  )
  year?: number;

  @OptionalField(
    { enum: [...TASK_STATES], description: '状态：已退回、审核中、已完成、已逾期、进行中、未开始' },
    IsIn(TASK_STATES, { message: `state：状态应为 ${TASK_STATES.join('、')} 之一` }),
  )
  state?: TaskState;

  @OptionalField({ description: '项目编号' }, Matches(ENTITY_ID, { message: 'projectId：应为项目编号' }))
  projectId?: string;

  @OptionalField(
    {
      enum: [...TASK_SEARCH_SORTS],
      description: '排序：code 任务编号（默认）、due 截止日期、title 名称、completion 完成度',
    },
    IsIn(TASK_SEARCH_SORTS, { message: `sort：排序应为 ${TASK_SEARCH_SORTS.join('、')} 之一` }),
  )
  sort?: TaskSearchSort;
}
