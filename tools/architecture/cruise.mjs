// Runs dependency-cruiser's API (its CLI refuses Node 20; the API does not check) over the given
// paths with the repository's rules and prints the violations as JSON: [{ rule, from, to }].
// Usage: node tools/architecture/cruise.mjs [--base DIR] PATH...
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const args = process.argv.slice(2);
const baseAt = args.indexOf('--base');
const base = baseAt >= 0 ? resolve(args.splice(baseAt, 2)[1]) : process.cwd();
const root = resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(resolve(root, '.dependency-cruiser.cjs'));
process.chdir(base);
const result = await cruise(
  args,
  { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, baseDir: base },
  undefined,
  { tsConfig: extractTSConfig(resolve(base, config.options.tsConfig.fileName)) },
);
const violations = result.output.summary.violations.map((v) => ({
  rule: v.rule.name,
  from: v.from,
  to: v.to,
}));
process.stdout.write(JSON.stringify({ modules: result.output.summary.totalCruised, violations }));
