import { generateProvince } from './province';

/** `node dist-bench/bench/src/generate/cli.js FILE SCHOOLS`: a province into FILE. */
async function main(): Promise<void> {
  const [file, schools] = process.argv.slice(2);
  if (!file || !schools) throw new Error('usage: cli.js FILE SCHOOLS');
  const summary = await generateProvince(file, { schools: Number(schools) });
  process.stdout.write(
    `${JSON.stringify({ ...summary, planIds: summary.planIds.length, sampleTasks: undefined })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
