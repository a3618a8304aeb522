import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '@sg/domain';

/** zh-CN wording for class-validator constraints, keyed by constraint name. */
const MESSAGES: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isString: '应为文本',
  isNotEmpty: '不能为空',
  isInt: '应为整数',
  isNumber: '应为数字',
  isBoolean: '应为 true 或 false',
  min: '小于允许的最小值',
  max: '大于允许的最大值',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  matches: '格式不正确',
  maxLength: '内容过长',
  minLength: '内容过短',
  isDateString: '应为日期',
  isUuid: '应为有效的编号',
  isObject: '应为对象',
  isArray: '应为列表',
  nestedValidation: '内容有误',
  unknownValue: '请求内容不是预期的对象',
};

const CJK = /[\u4e00-\u9fff]/;

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, ownMessage]) => ({
      field,
      code,
      // A message of our own already speaks Chinese and names the exact place (and the allowed
      // values); class-validator's defaults do not.
      message: CJK.test(ownMessage)
        ? ownMessage
        : MESSAGES[code]
          ? `${field}：${MESSAGES[code]}`
          : `${field}：格式不正确`,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Nest's pipe, with the nested-property rules it looks up before validating (to refuse binary
 * values where an object is expected) kept per class instead of per request. A class's rules are
 * registered by its decorators when the class is defined, so a class's list never changes after
 * its first use; a class defined later gets its own entry. class-validator still validates every
 * body with every rule.
 */
class CachingValidationPipe extends ValidationPipe {
  private readonly nestedRules = new Map<unknown, unknown[]>();

  protected override findNestedBinaryValues(
    object: unknown,
    metadataCache: Map<unknown, unknown[]> = this.nestedRules,
  ): ValidationError[] {
    return super.findNestedBinaryValues(object, metadataCache);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new CachingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new DomainError(
        'invalid',
        'validation-failed',
        `请求内容有误：${fieldErrors.map((e) => e.message).join('；')}`,
        { errors: fieldErrors },
      );
    },
  });
}
