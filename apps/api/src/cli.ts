import { ConfigError, loadConfig, usePrivateUmask } from '@sg/config';
import { rebuildProjections, verifyChain, type Outcome } from './maintenance';

const USAGE = `用法：
  npm run projections:rebuild [-- 投影名 ...]      从事件日志重建投影（需先停止 API）
  npm run audit:verify-chain [-- --position N --hash H]   校验哈希链；给出此前导出的链尾时一并核对`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main([command, ...args]: string[]): Promise<Outcome> {
  switch (command) {
    case 'rebuild-projections':
      return rebuildProjections(loadConfig(), args);
    case 'verify-chain': {
      const position = option(args, '--position');
      const hash = option(args, '--hash');
      if (
        (position === undefined) !== (hash === undefined) ||
        (position !== undefined && !/^\d+$/.test(position))
      ) {
        return { code: 2, message: `--position 与 --hash 须同时给出。\n${USAGE}` };
      }
      return verifyChain(loadConfig(), position ? { position: Number(position), hash: hash! } : undefined);
    }
    default:
      return { code: 2, message: USAGE };
  }
}

usePrivateUmask();
main(process.argv.slice(2)).then(
  ({ code, message }) => {
    (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
    );
    process.exit(1);
  },
);
