import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Read-model tables (every projection's prefix, and the checkpoints) are written by projections
 * and read through their queries, both in libs/read-models. SQL naming one anywhere else is a
 * violation: a table changed by its projection would silently break a reader it does not know.
 */
export const READ_MODEL_TABLE =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?)\s+["`]?((?:cp|sb|ev|nt|au|sc|fd|ac|rc|u)_[a-z_]+|projection_checkpoints)\b/gi;

/** Where SQL on read-model tables may stand, and what is not code under review. */
const ALLOWED = /^libs\/read-models\//;
const NOT_CODE = /(\.(spec|int-spec|e2e-spec)\.tsx?$)|(^|\/)(node_modules|dist)\//;

export interface SqlViolation {
  file: string;
  line: number;
  table: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every place under `roots` (relative to `base`) that names a read-model table in SQL. */
export function readModelSqlOutsideReadModels(base: string, roots: string[]): SqlViolation[] {
  const violations: SqlViolation[] = [];
  for (const root of roots) {
    for (const path of sourceFiles(join(base, root))) {
      const file = relative(base, path).split('\\').join('/');
      if (ALLOWED.test(file) || NOT_CODE.test(file)) continue;
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          for (const match of text.matchAll(READ_MODEL_TABLE)) {
            violations.push({ file, line: index + 1, table: match[1] });
          }
        });
    }
  }
  return violations;
}
