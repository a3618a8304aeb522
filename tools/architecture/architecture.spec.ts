import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readModelHandleOutsideRoots, readModelSqlOutsideReadModels } from './read-model-sql';

/**
 * The layer boundaries (.dependency-cruiser.cjs, docs/adr/0018-one-way-flow.md), checked on the
 * real tree, and each shown to fire on a fixture that breaks it.
 */
const ROOT = resolve(__dirname, '../..');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

function cruise(base: string, paths: string[]): { modules: number; violations: Violation[] } {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'tools/architecture/cruise.mjs'), '--base', base, ...paths],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out) as { modules: number; violations: Violation[] };
}

/** A throwaway tree with the repository's path aliases and node_modules, holding `files`. */
/**
 * A rule checked twice: the real tree breaks it nowhere, and a fixture tree breaking it is reported
 * exactly where it does.
 */
function scanRule<T>(c: {
  rule: string;
  realTree: string;
  fixture: string;
  scan: (root: string, roots: string[]) => T[];
  files: Record<string, string>;
  reported: T[];
}): void {
  describe(c.rule, () => {
    it(c.realTree, () => {
      expect(c.scan(ROOT, ['apps', 'libs'])).toEqual([]);
    });

    it(c.fixture, () => {
      expect(scanned(c.files, c.scan)).toEqual(c.reported);
    });
  });
}

/** What `scan` finds in apps/ and libs/ of a fixture tree of these files, the tree removed afterwards. */
function scanned<T>(files: Record<string, string>, scan: (dir: string, roots: string[]) => T): T {
  const dir = fixtureTree(files);
  try {
    return scan(dir, ['apps', 'libs']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fixtureTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-arch-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const libs = ['domain', 'contracts', 'read-models', 'application'];
  mkdirSync(join(dir, 'tools/architecture'), { recursive: true });
  writeFileSync(
    join(dir, 'tools/architecture/tsconfig.json'),
    JSON.stringify({
      include: ['../../apps/**/*', '../../libs/**/*'],
      compilerOptions: {
        module: 'commonjs',
        moduleResolution: 'node10',
        jsx: 'react-jsx',
        baseUrl: '../..',
        ignoreDeprecations: '6.0',
        paths: Object.fromEntries(libs.map((lib) => [`@sg/${lib}`, [`./libs/${lib}/src`]])),
      },
    }),
  );
  for (const lib of libs) files[`libs/${lib}/src/index.ts`] ??= 'export const here = 1;\n';
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('architecture: the boundaries hold and each rule fires', () => {
  let fixture: string;
  let found: Violation[];
  const fixtures: Record<string, string> = {
    'libs/domain/src/uses-nest.ts':
      "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
    'libs/domain/src/uses-fs.ts': "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
    'libs/domain/src/uses-read-models.ts':
      "import { here } from '@sg/read-models';\nexport const z = here;\n",
    'libs/domain/src/pure.ts': "import Decimal from 'decimal.js';\nexport const w = new Decimal(1);\n",
    'libs/domain/src/uses-contracts.ts': "import { here } from '@sg/contracts';\nexport const v = here;\n",
    'libs/contracts/src/uses-domain.ts': "import { here } from '@sg/domain';\nexport const c = here;\n",
    'apps/api/src/uses-worker.ts': "import { job } from '../../worker/src/job';\nexport const a = job;\n",
    'apps/worker/src/job.ts': 'export const job = 1;\n',
    'apps/web/src/uses-application.ts': "import { here } from '@sg/application';\nexport const b = here;\n",
    'apps/web/src/uses-contracts.ts': "import { here } from '@sg/contracts';\nexport const d = here;\n",
  };

  beforeAll(() => {
    fixture = fixtureTree({ ...fixtures });
    found = cruise(fixture, ['apps', 'libs']).violations;
  }, 120_000);
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  const reported = (rule: string) => found.filter((v) => v.rule === rule).map((v) => v.from);

  it('the real tree breaks none of them', () => {
    const real = cruise(ROOT, ['apps', 'libs']);
    expect(real.modules).toBeGreaterThan(150);
    expect(real.violations).toEqual([]);
  }, 120_000);

  it.each([
    [
      'domain-is-pure',
      'the domain imports no other layer (the contracts below it are fine)',
      'libs/domain/src/uses-read-models.ts',
    ],
    ['domain-no-io-packages', 'no Nest or I/O package (decimal.js is fine)', 'libs/domain/src/uses-nest.ts'],
    ['domain-no-core-modules', 'the domain uses no node: module', 'libs/domain/src/uses-fs.ts'],
    ['contracts-import-nothing', 'contracts import nothing internal', 'libs/contracts/src/uses-domain.ts'],
    ['apps-are-independent', 'an app does not import another', 'apps/api/src/uses-worker.ts'],
    [
      'web-imports-only-contracts',
      'the web reaches no lib but contracts',
      'apps/web/src/uses-application.ts',
    ],
  ])('%s: %s — reported on the fixture that breaks it, and only there', (rule, _what, file) => {
    expect(reported(rule)).toEqual([file]);
  });

  scanRule({
    rule: 'read-model tables are written and read only in libs/read-models',
    realTree: 'the real tree has no SQL on them elsewhere',
    fixture: 'SQL naming one outside libs/read-models is reported, inside it is not',
    scan: readModelSqlOutsideReadModels,
    files: {
      'apps/worker/src/plans.ts': "export const q = 'SELECT plan_id FROM cp_plans ORDER BY plan_id';\n",
      'libs/application/src/owners.ts':
        'export const q = `\n  SELECT DISTINCT owner_id\n  FROM   cp_tasks WHERE plan_id = ?`;\n',
      'apps/api/src/write.ts': "export const w = 'INSERT INTO sb_submissions VALUES (?)';\n",
      'libs/read-models/src/own.ts': "export const q = 'SELECT * FROM cp_tasks';\n",
      'apps/api/src/auth.ts': "export const q = 'SELECT * FROM sessions';\n",
    },
    reported: [
      { file: 'apps/api/src/write.ts', line: 1, table: 'sb_submissions' },
      { file: 'apps/worker/src/plans.ts', line: 1, table: 'cp_plans' },
      { file: 'libs/application/src/owners.ts', line: 3, table: 'cp_tasks' },
    ],
  });

  scanRule({
    rule: 'the read-model database handle stays with the composition roots',
    realTree: 'the real tree reads views through their injected queries only',
    fixture: 'a controller or handler taking the handle or building queries on it is reported',
    scan: readModelHandleOutsideRoots,
    files: {
      'apps/api/src/plans/plans.controller.ts':
        "import { READ_MODEL_DB } from '@sg/application';\nexport const token = READ_MODEL_DB;\n",
      'libs/application/src/task/task.commands.ts':
        'export const make = (db: unknown) => new CompletionQueries(db);\n',
      'apps/api/src/infrastructure/persistence.module.ts': 'export const token = READ_MODEL_DB;\n',
      'libs/read-models/src/own.ts': 'export const make = (db: unknown) => new UserQueries(db);\n',
    },
    reported: [
      { file: 'apps/api/src/plans/plans.controller.ts', line: 1, table: 'READ_MODEL_DB' },
      { file: 'apps/api/src/plans/plans.controller.ts', line: 2, table: 'READ_MODEL_DB' },
      { file: 'libs/application/src/task/task.commands.ts', line: 1, table: 'new CompletionQueries(' },
    ],
  });
});
