// The full server soak (issue 7, item 2): `npm run soak`, or
// `tsx scripts/soak.ts [--edits 10000] [--seed S | --seed random] [--checkpoint-every 100]
// [--elements 300] [--files 6] [--trace]`. Needs a built dist/ (npm run build).
// Prints a report; exits 1 on any failure, 2 on a usage error. A failure replays with its seed
// (--trace prints every step).

import { formatReport, runSoak } from '../server/test/helpers/soak';

const USAGE = 'usage: tsx scripts/soak.ts [--edits N] [--seed S|random] [--checkpoint-every N] [--elements N] [--files N] [--trace]';

function main(argv: string[]): Promise<number> {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const whole = (flag: string, fallback: number, min: number): number => {
    const text = value(flag);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} expects a whole number of at least ${min}, got '${text}'`);
    return n;
  };
  const known = new Set(['--edits', '--seed', '--checkpoint-every', '--elements', '--files', '--trace']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!known.has(arg)) throw new Error(`unknown argument '${arg}'`);
    if (arg !== '--trace') i++;
  }
  const seedText = value('--seed');
  const seed = seedText === 'random' ? Math.floor(Math.random() * 2 ** 32) : whole('--seed', 1, 0);
  const trace = argv.includes('--trace');
  return runSoak({
    edits: whole('--edits', 10_000, 1),
    seed,
    checkpointEvery: whole('--checkpoint-every', 100, 1),
    elements: whole('--elements', 300, 10),
    files: whole('--files', 6, 1),
    progress: (line) => process.stderr.write(`${line}\n`),
    ...(trace ? { trace: (line: string) => process.stderr.write(`${line}\n`) } : {}),
  }).then((report) => {
    process.stdout.write(`${formatReport(report)}\n`);
    return report.failures.length === 0 ? 0 : 1;
  });
}

if (require.main === module) {
  let run: Promise<number>;
  try {
    run = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  run.then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
