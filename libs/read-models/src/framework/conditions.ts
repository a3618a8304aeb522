/**
 * The conditions of a WHERE clause and the named parameters (`@name`) they read: a filter adds a
 * condition only when its value is given.
 */
export class Conditions {
  readonly where: string[] = [];

  constructor(readonly params: Record<string, string | number> = {}) {}

  /** Adds `sql`, which reads `@name`, when `value` is given (neither undefined, null nor ''). */
  when(name: string, value: string | number | null | undefined, sql: string): this {
    if (value === undefined || value === null || value === '') return this;
    this.params[name] = value;
    this.where.push(sql);
    return this;
  }
}
