import { applyDecorators, Query, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { AsOf } from '@sg/read-models';
import { COMPLETION_BASES, type CompletionBasis } from '@sg/contracts';
import { IsIn, Matches } from 'class-validator';
import { DomainError } from '@sg/domain';
import { createValidationPipe } from './validation';
import { OptionalField } from './fields';

/**
 * The two report dates every as-of read route accepts, and nothing else: a parameter a route does
 * not know is refused (400), never silently ignored. Routes with more parameters extend this.
 */
const AS_OF_PARAMETERS = {
  cutoff: { example: '2021-12-31', description: '截至日期：只计此日期（含）前生效的事实' },
  knownAt: { example: '2022-01-15T00:00:00+08:00', description: '知情时间：只计此时刻（含）前录入的事实' },
};

export class AsOfQueryDto {
  @OptionalField(AS_OF_PARAMETERS.cutoff, Matches(/^\d{4}-\d{2}-\d{2}$/))
  cutoff?: string;

  @OptionalField(
    AS_OF_PARAMETERS.knownAt,
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/),
  )
  knownAt?: string;
}

/** The two report dates from a validated query; a knowledge time is compared in UTC, as stored. */
export function asOfOf(query: { cutoff?: string; knownAt?: string }): AsOf {
  return {
    ...(query.cutoff ? { cutoff: query.cutoff } : {}),
    ...(query.knownAt ? { knownAt: new Date(query.knownAt).toISOString() } : {}),
  };
}

const BASIS_PARAMETER = {
  enum: [...COMPLETION_BASES],
  example: 'due',
  description:
    '统计口径：all 全部任务（默认）；due 截至当期应完成任务（完成期限不晚于截至日期，未给截至日期时为今天）',
};

/** The completion routes' query: the two report dates and the basis (口径), nothing else. */
export class CompletionQueryDto extends AsOfQueryDto {
  @OptionalField(
    BASIS_PARAMETER,
    IsIn(COMPLETION_BASES, { message: 'basis：统计口径应为 all（全部任务）或 due（截至当期应完成任务）' }),
  )
  basis?: CompletionBasis;
}

const DEPARTMENT_PARAMETER = {
  example: '0190a0a0-0000-7000-8000-000000000000',
  description: '部门编号：只计该部门牵头或参与的建设任务',
};

/** A completion route that can be limited to one department's tasks (ADR 0026). */
export class DepartmentCompletionQueryDto extends CompletionQueryDto {
  @OptionalField(
    DEPARTMENT_PARAMETER,
    Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
      message: 'department：部门编号格式不正确',
    }),
  )
  department?: string;
}

/** A completion route's reading: the report dates and which tasks the figures count. */
export interface CompletionQueryValue {
  asOf: AsOf;
  basis: CompletionBasis;
  /** Only on routes declared with `{ department: true }`: the department whose tasks count. */
  department?: string;
}

/** No query string at all (the dashboard's every read): nothing to validate, the defaults answer. */
const isEmptyQuery = (value: unknown): boolean =>
  value === undefined || value === null || Object.keys(value).length === 0;

/** Query strings validated as `AsOfQueryDto` (unknown parameters refused), answered as an `AsOf`. */
class AsOfPipe implements PipeTransform<unknown, Promise<AsOf>> {
  private readonly validation = createValidationPipe();

  async transform(value: unknown): Promise<AsOf> {
    if (isEmptyQuery(value)) return {};
    const query = (await this.validation.transform(value ?? {}, {
      type: 'query',
      metatype: AsOfQueryDto,
    })) as AsOfQueryDto;
    return asOfOf(query);
  }
}

/** As `AsOfPipe`, with `basis` (default `all`) the one parameter more. */
class CompletionQueryPipe implements PipeTransform<unknown, Promise<CompletionQueryValue>> {
  private readonly validation = createValidationPipe();

  constructor(private readonly withDepartment: boolean) {}

  async transform(value: unknown): Promise<CompletionQueryValue> {
    if (isEmptyQuery(value)) return { asOf: {}, basis: 'all' };
    const query = (await this.validation.transform(value ?? {}, {
      type: 'query',
      metatype: this.withDepartment ? DepartmentCompletionQueryDto : CompletionQueryDto,
    })) as DepartmentCompletionQueryDto;
    return {
      asOf: asOfOf(query),
      basis: query.basis ?? 'all',
      ...(query.department ? { department: query.department } : {}),
    };
  }
}

/** `@AsOfQuery() asOf: AsOf` on a read route: `?cutoff=&knownAt=`, nothing else (documented as such). */
export const AsOfQuery =
  (): ParameterDecorator =>
  (target, key, index): void => {
    Query(new AsOfPipe())(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    for (const name of ['cutoff', 'knownAt'] as const) {
      const { description, example } = AS_OF_PARAMETERS[name];
      ApiQuery({ name, required: false, type: String, description, example })(target, key!, descriptor);
    }
  };

/**
 * `@CompletionQuery() query: CompletionQueryValue` on a completion read route:
 * `?cutoff=&knownAt=&basis=`, nothing else.
 */
export const CompletionQuery =
  (options: { department?: boolean } = {}): ParameterDecorator =>
  (target, key, index): void => {
    Query(new CompletionQueryPipe(options.department === true))(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    for (const name of ['cutoff', 'knownAt'] as const) {
      const { description, example } = AS_OF_PARAMETERS[name];
      ApiQuery({ name, required: false, type: String, description, example })(target, key!, descriptor);
    }
    ApiQuery({ name: 'basis', required: false, ...BASIS_PARAMETER })(target, key!, descriptor);
    if (options.department) {
      ApiQuery({ name: 'department', required: false, type: String, ...DEPARTMENT_PARAMETER })(
        target,
        key!,
        descriptor,
      );
    }
  };

/** A query string with no parameters at all: anything given is refused, never ignored. */
class NoParametersPipe implements PipeTransform<unknown, void> {
  transform(value: unknown): void {
    const given = Object.keys(value ?? {});
    if (given.length === 0) return;
    const errors = given.map((field) => ({
      field,
      code: 'whitelistValidation',
      message: `${field}：不允许的字段`,
    }));
    throw new DomainError(
      'invalid',
      'validation-failed',
      `请求内容有误：${errors.map((e) => e.message).join('；')}`,
      { errors },
    );
  }
}

/**
 * On a read route that answers only what stands now (an entity with its ETag, a list to act on):
 * says so in the OpenAPI and refuses `cutoff`, `knownAt` or any other parameter with 400.
 */
export const CurrentOnly = (summary: string): MethodDecorator =>
  applyDecorators(
    ApiOperation({
      summary,
      description: '只答当前状态：不接受 cutoff / knownAt 或其他查询参数（给出则 400）。',
    }),
  );

/** `@NoQuery() _: void`: the parameter that refuses any query string on a `@CurrentOnly` route. */
export const NoQuery = (): ParameterDecorator => Query(new NoParametersPipe());
