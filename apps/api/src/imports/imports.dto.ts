import { FINDING_LABELS, type FindingKind } from '@sg/imports';
import { Matches } from 'class-validator';
import { OptionalField, OptionalOneOf } from '../http/fields';

export class TaskBookPreviewQueryDto {
  @OptionalOneOf(Object.keys(FINDING_LABELS), {
    description: '列出这一类未识别或有误的内容的完整清单（分页）',
  })
  findings?: FindingKind;

  @OptionalField({ example: '0', description: '清单从第几条开始（从 0 起）' }, Matches(/^\d{1,6}$/))
  offset?: string;

  @OptionalField(
    { example: '50', description: '每页条数（1–200，默认 50）' },
    Matches(/^([1-9]\d?|1\d\d|200)$/),
  )
  limit?: string;
}
