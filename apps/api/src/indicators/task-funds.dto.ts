import { PickType } from '@nestjs/swagger';
import { RequiredText } from '../http/fields';
import { RecordFundsDto } from './indicators.dto';

/**
 * Funds of one 建设任务 line of a level's 项目总预算, per source (须是该建设任务有预算的来源),
 * cumulative up to the effective date; the budget is the 任务书's.
 */
export class RecordTaskFundsDto extends PickType(RecordFundsDto, [
  'reason',
  'levelId',
  'source',
  'arrived',
  'spent',
  'effectiveDate',
] as const) {
  @RequiredText(64, {
    example: 'P1/1.1',
    description: '项目总预算中建设任务的序号（预算表各行的 sourceKey）',
  })
  lineKey!: string;
}
