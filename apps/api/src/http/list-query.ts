import { Query, type PipeTransform } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { SORT_ORDERS, type SortOrder } from '@sg/contracts';
import { createValidationPipe } from './validation';
import { OptionalField, queryInt } from './fields';

/** The largest page a list answers. */
export const MAX_PAGE_SIZE = 100;

const PAGE_SIZE_RANGE = `pageSize：每页条数应在 1–${MAX_PAGE_SIZE} 之间`;

/** Paging every paged list accepts: `page` from 1, `pageSize` up to 100, `order`. */
export class PageQueryDto {
  @OptionalField(
    { example: 1, description: '第几页（从 1 起）' },
    ...queryInt(1, 100_000, {
      integer: 'page：页码应为整数',
      min: 'page：页码从 1 开始',
      max: 'page：页码过大',
    }),
  )
  page?: number;

  @OptionalField(
    { example: 20, description: `每页条数（1–${MAX_PAGE_SIZE}）` },
    ...queryInt(1, MAX_PAGE_SIZE, {
      integer: 'pageSize：每页条数应为整数',
      min: PAGE_SIZE_RANGE,
      max: PAGE_SIZE_RANGE,
    }),
  )
  pageSize?: number;

  @OptionalField(
    { enum: [...SORT_ORDERS], description: '排序方向：asc 升序，desc 降序' },
    IsIn(SORT_ORDERS, { message: 'order：排序方向应为 asc（升序）或 desc（降序）' }),
  )
  order?: SortOrder;
}

/** A query string validated as `Dto`: unknown parameters refused (400), numbers converted. */
class ValidatedQueryPipe implements PipeTransform<unknown, Promise<unknown>> {
  private readonly validation = createValidationPipe();
  constructor(private readonly metatype: new () => object) {}

  transform(value: unknown): Promise<unknown> {
    return this.validation.transform(value ?? {}, {
      type: 'query',
      metatype: this.metatype,
    }) as Promise<unknown>;
  }
}

/** `@ListQuery(Dto) query: Dto`: like `@AsOfQuery()`, nothing the Dto does not declare is accepted. */
export const ListQuery = (metatype: new () => object): ParameterDecorator =>
  Query(new ValidatedQueryPipe(metatype));
