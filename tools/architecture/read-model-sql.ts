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

export function sourceFiles(dir: string): string[] {
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

/**
 * The read-model database handle stays with the composition roots that open and close it; every
 * other reader asks for a view's queries by class (libs/application/src/views.ts).
 */
const HANDLE_HOLDERS = [
  /^libs\/application\/src\/(tokens|views)\.ts$/,
  /^apps\/api\/src\/infrastructure\//,
  /^apps\/worker\/src\/worker\.module\.ts$/,
  // Closes the worker's own file at shutdown, after the projections writing it have stopped.
  /^apps\/worker\/src\/notifications\/notification-work\.ts$/,
];
const HANDLE = /\bREAD_MODEL_DB\b|\bnew\s+[A-Z]\w*Queries\s*\(/g;

/** Every place under `roots` outside the composition roots that takes the handle or builds queries on it. */
export function readModelHandleOutsideRoots(base: string, roots: string[]): SqlViolation[] {
  const violations: SqlViolation[] = [];
  for (const root of roots) {
    for (const path of sourceFiles(join(base, root))) {
      const file = relative(base, path).split('\\').join('/');
      if (ALLOWED.test(file) || NOT_CODE.test(file) || HANDLE_HOLDERS.some((holder) => holder.test(file)))
        continue;
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          for (const match of text.matchAll(HANDLE)) {
            violations.push({ file, line: index + 1, table: match[0].replace(/\s+/g, ' ') });
          }
        });
    }
  }
  return violations;
}
