/**
 * The layer boundaries, checked by test/architecture.spec.ts (part of `npm test`) and by
 * `npx depcruise apps libs --config .dependency-cruiser.cjs`. Specs are exempt: a spec may pull
 * in test helpers. Each rule has a fixture in that spec that breaks it and must be reported.
 * See docs/adr/0018-one-way-flow.md and docs/adr/0037-domain-uses-contracts.md.
 */

/** Packages that reach a disk, a network, a process or a framework: never in the domain. */
const IO_PACKAGES =
  '(^|node_modules/)(@nestjs|better-sqlite3|bullmq|ioredis|express|busboy|nodemailer|exceljs|@kurrent|yauzl|cfb|docx|@e965|saxes|rxjs|reflect-metadata|file-type)(/|$)';
const SPEC = '\\.(spec|int-spec|e2e-spec)\\.tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain decides from what it is given: no Nest, no node: modules, no I/O, no other layer but the contracts below it.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: SPEC },
      to: { path: '^(apps|libs|test|bench)/', pathNot: '^libs/(domain|contracts)/' },
    },
    {
      name: 'domain-no-io-packages',
      comment: 'libs/domain imports no framework or I/O package, not even for a type.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: SPEC },
      to: { path: IO_PACKAGES },
    },
    {
      name: 'domain-no-core-modules',
      comment: 'libs/domain uses no node: module (fs, crypto, …).',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: SPEC },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contracts-import-nothing',
      comment:
        'libs/contracts is read by the browser too: it imports only itself (no Node, no Nest, no other lib).',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { pathNot: '^libs/contracts/' },
    },
    {
      name: 'apps-are-independent',
      comment: 'An app does not import another app; what two share lives in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'web-imports-only-contracts',
      comment: 'The web UI reaches the server only through libs/contracts (and HTTP).',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^libs/', pathNot: '^libs/contracts/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-bench)/' },
    tsPreCompilationDeps: true,
    // The path aliases, with the baseUrl the resolver needs (TypeScript itself does without).
    tsConfig: { fileName: 'tools/architecture/tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
