import { OmitType } from '@nestjs/swagger';
import { IsISO8601, IsString, Matches, MaxLength } from 'class-validator';
import { Field, OptionalField, OptionalOneOf, OptionalText, queryInt } from '../http/fields';

export class AuditQueryDto {
  @OptionalField(
    { example: 'task:0190…', description: '对象：task:<编号>、plan:<编号>、project:<编号>、user:<编号>' },
    Matches(
      /^(plan|level|project|task|user|username|indicator|evidence|submission|achievement):[0-9a-zA-Z._-]{1,64}$/,
    ),
  )
  entity?: string;

  @OptionalText(64, { description: '操作人用户编号' })
  actor?: string;

  @OptionalField({ example: 'TaskProgressRecorded' }, Matches(/^[A-Za-z]{1,64}$/))
  type?: string;

  @OptionalField({ example: '2022-01-01T00:00:00Z' }, IsISO8601({ strict: true }))
  from?: string;

  @OptionalField({ example: '2022-12-31T23:59:59Z' }, IsISO8601({ strict: true }))
  to?: string;

  @OptionalOneOf(['desc', 'asc'], { default: 'desc', description: 'desc 最新在前，asc 按发生顺序' })
  order?: 'desc' | 'asc';

  @OptionalField({ description: '分页游标（order=asc）：上一页的 nextAfter' }, ...queryInt(0))
  after?: number;

  @OptionalField({ description: '分页游标（order=desc）：上一页的 nextBefore' }, ...queryInt(1))
  before?: number;

  @OptionalOneOf(['true', 'false'], {
    default: 'false',
    description: '是否列出系统内部记录（占用用户名、通知送达等）',
  })
  internal?: 'true' | 'false';

  @OptionalField({ default: 50, maximum: 500 }, ...queryInt(1, 500))
  limit?: number;
}

/** The export takes the list's filters, without paging. */
export class AuditExportDto extends OmitType(AuditQueryDto, ['after', 'before', 'limit', 'order'] as const) {}

export class AuditObjectsDto {
  @Field(
    { description: '名称、编号或用户名中的文字', example: '思政' },
    IsString(),
    Matches(/\S/, { message: '请输入要查找的名称。' }),
    MaxLength(50),
  )
  q!: string;
}

export class ChainCheckDto {
  @OptionalField({ description: '此前保存的链尾位置' }, ...queryInt(1))
  position?: number;

  @OptionalField({ description: '此前保存的链尾哈希' }, Matches(/^[0-9a-f]{64}$/))
  hash?: string;
}
