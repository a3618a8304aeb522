import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Checks a value; returns what is wrong with it (zh-CN), or null. */
export type Check = (value: unknown, path: string) => string | null;

const DECIMAL = /^-?\d{1,12}(\.\d{1,8})?$/;

export const decimal: Check = (v, path) =>
  typeof v === 'string' && DECIMAL.test(v) ? null : `${path} 应为以文本表示的数字（如 "2" 或 "0.95"）`;

export const text =
  (max: number): Check =>
  (v, path) =>
    typeof v === 'string' && v.trim().length > 0 && v.length <= max
      ? null
      : `${path} 应为不超过 ${max} 字的文本`;

export const oneOf =
  (values: readonly string[]): Check =>
  (v, path) =>
    typeof v === 'string' && values.includes(v) ? null : `${path} 只能是 ${values.join(' / ')}`;

export const optional =
  (check: Check): Check =>
  (v, path) =>
    v === undefined ? null : check(v, path);

export const list =
  (item: Check, min: number, max: number): Check =>
  (v, path) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return `${path} 应为 ${min}–${max} 项的列表`;
    for (const [i, element] of v.entries()) {
      const problem = item(element, `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };

/** An object with exactly these fields (optional ones may be absent); any other field is refused. */
export const object =
  (fields: Record<string, Check>): Check =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${path} 应为对象`;
    for (const key of Object.keys(v)) if (!(key in fields)) return `${path}.${key} 是不允许的字段`;
    for (const [key, check] of Object.entries(fields)) {
      const problem = check((v as Record<string, unknown>)[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  };

/** One of several object shapes, chosen by its `kind`. */
export const byKind =
  (variants: Record<string, Record<string, Check>>): Check =>
  (v, path) => {
    const kind = (v as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string' || !(kind in variants)) {
      return `${path}.kind 只能是 ${Object.keys(variants).join(' / ')}`;
    }
    return object({ kind: () => null, ...variants[kind] })(v, path);
  };

/** class-validator decorator for a shape check; the message names the first problem. */
export function MatchesShape(check: Check, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'matchesShape',
      validator: {
        validate: (value, args) => check(value, args?.property ?? '') === null,
        defaultMessage: (args) => check(args?.value, args?.property ?? '') ?? '',
      },
    },
    options,
  );
}
